"""Reading query parameters that people type or edit in the address bar."""


def int_param(value, default=None):
    """`value` as an int, or `default` when it is missing or not a whole number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
