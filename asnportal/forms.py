"""Form rendering with Bootstrap 5 and scoped choices."""

from django import forms
from django.forms.renderers import TemplatesSetting

from .scoping import scope_form_fields


class BootstrapFormRenderer(TemplatesSetting):
    form_template_name = "forms/bootstrap.html"
    field_template_name = "forms/field.html"


def _css_for(widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return ""
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    return "form-control"


class StyledFormMixin:
    """Adds Bootstrap classes to widgets and marks invalid fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = _css_for(field.widget)
            if css:
                existing = field.widget.attrs.get("class", "")
                field.widget.attrs["class"] = f"{existing} {css}".strip()
            if isinstance(field.widget, forms.DateInput):
                field.widget.input_type = "date"
                field.widget.format = "%Y-%m-%d"
        # Never touch self.errors here: that would validate the form before subclasses (ScopedFormMixin)
        # narrow the choices, and the cached result would accept another instansi's ids.

    def full_clean(self):
        super().full_clean()
        for name in self._errors or {}:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"


class ScopedFormMixin(StyledFormMixin):
    """Takes `user=` and restricts every model choice to what that user may see."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if user is not None:
            scope_form_fields(self.fields, user)


class PortalForm(StyledFormMixin, forms.Form):
    pass


class ScopedModelForm(ScopedFormMixin, forms.ModelForm):
    pass


class InstansiUniqueFormMixin:
    """For a ScopedModelForm whose model has a value unique per instansi (e.g. a code): the new row gets the
    officer's instansi before validation and `instansi` stays in constraint validation, so a duplicate shows the
    constraint's own message on the form instead of failing in the database."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.instansi_id is None and getattr(self.user, "instansi_id", None):
            self.instance.instansi_id = self.user.instansi_id

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        if self.instance.instansi_id is not None:
            exclude.discard("instansi")
        return exclude
