"""Form helpers shared by the public forms: one Chinese message per field from the services' own checks, and the
linked error summary a refused page opens with (focused by site.js and `autofocus`)."""


def show_errors(form, errors: dict[str, str]) -> None:
    """One message per field: the form's own checks are replaced by intake's Chinese messages."""
    form.errors.clear()
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, message)


def error_summary(form) -> list[dict]:
    """Every error of a refused form, in the order of the page, each linking to its field."""
    rows = [{"label": "", "message": m, "anchor": "form-errors"} for m in form.non_field_errors()]
    for name, field in form.fields.items():
        for message in form.errors.get(name, ()):
            rows.append({"label": field.label, "message": message, "anchor": form[name].id_for_label})
    return rows
