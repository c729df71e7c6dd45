"""Posting an admin change form as a browser would, from the page the admin showed."""

from django import forms


def _value(value):
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [_value(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def form_data(response) -> dict:
    """What the change form shown in ``response`` would post, left as it is."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form[name].value()
        if value is not None or not isinstance(field, forms.ModelMultipleChoiceField):
            data[name] = _value(value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = _value(formset.management_form[name].value())
        for subform in formset.forms:
            for name in subform.fields:
                data[subform.add_prefix(name)] = _value(subform[name].value())
    # Unticked boxes are not posted at all, as in a browser.
    return {name: value for name, value in data.items() if value is not False}
