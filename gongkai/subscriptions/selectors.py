"""Named reads of 精准推送 for staff: counts only, never an address."""

from django.db.models import Count

from .models import Subscriber, Subscription


def counts() -> dict:
    """Confirmed and pending addresses, and per subscribed target the number of confirmed subscriptions."""
    by_target = list(Subscription.objects.filter(confirmed=True).order_by().values("target", "value", "label")
                     .annotate(n=Count("id")).order_by("target", "-n", "label"))
    return {
        "confirmed": Subscriber.objects.filter(confirmed_at__isnull=False).count(),
        "pending": Subscriber.objects.filter(confirmed_at__isnull=True).count(),
        "by_target": by_target,
    }
