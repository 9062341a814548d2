"""网上送达 (第四十条): the applicant downloads the letters served online and the information provided, from
the tracking page, with the 受理编号 and 查询码 posted again (the 查询码 never goes into a URL). A wrong
number or code, or a file not of that case, is the tracking page's 404; each download is audited."""

from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.applications.public_views import find_case
from gongkai.core.params import int_param
from gongkai.core.ratelimit import limited

from . import rendering, services
from .models import ProvidedFile


@never_cache
@require_POST
def download(request):
    if limited(request, group="letters-download", rate="60/h"):  # guessing codes costs as on the tracking form
        return HttpResponse("查询过于频繁，请稍后再试。", status=429, content_type="text/plain; charset=utf-8")
    app = find_case(request.POST.get("tracking_no", "")[:40], request.POST.get("query_code", "")[:40])
    pk = int_param(request.POST.get("pk"))
    if app is None or pk is None:
        raise Http404("未找到")
    letters = services.online_letters(app)
    what = request.POST.get("what")
    if what == "letter":
        letter = letters.filter(pk=pk).first()
        if letter is None:
            raise Http404("未找到")
        services.record_download(application=app, what="letter", letter=letter)
        response = HttpResponse(rendering.letter_pdf(letter), content_type="application/pdf")
        from urllib.parse import quote

        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(app.tracking_no + '-' + letter.title)}.pdf"
        return response
    if what == "file":
        provided = ProvidedFile.objects.filter(pk=pk, letter__in=letters).select_related("letter").first()
        if provided is None:
            raise Http404("未找到")
        services.record_download(application=app, what="file", letter=provided.letter, provided=provided)
        return FileResponse(provided.file.open("rb"), as_attachment=True, filename=provided.name)
    raise Http404("未找到")
