"""Form rendering with Bootstrap 5 and scoped choices."""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from .scoping import scope_form_fields


class BootstrapFormRenderer(TemplatesSetting):
    form_template_name = "forms/bootstrap.html"
    field_template_name = "forms/field.html"


DASHES = "---------"


def friendly_empty_choice(field, text) -> None:
    """Replace Django's "---------" placeholder of a choice field with words ("— pilih —", "Semua")."""
    if getattr(field, "empty_label", None) == DASHES:
        field.empty_label = text
        return
    choices = getattr(field, "choices", None)
    if isinstance(choices, list) and choices and choices[0] == ("", DASHES):
        field.choices = [("", text), *choices[1:]]


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
            friendly_empty_choice(field, _("— pilih —"))
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
        label_choices(self.fields)


def label_choices(fields) -> None:
    """Choices over models that know where they are (they declare `label_related`, the relations their `label`
    reads: unit · OPD, position — unit) show that label, so twenty identical "Bidang Pelayanan" become twenty
    places."""
    for field in fields.values():
        queryset = getattr(field, "queryset", None)
        model = getattr(queryset, "model", None)
        related = getattr(model, "label_related", None)
        if related is None or not hasattr(field, "label_from_instance"):
            continue
        if related:
            field.queryset = queryset.select_related(*related)
        field.label_from_instance = _label_of


def _label_of(obj) -> str:
    return obj.label or str(obj)


class PortalForm(StyledFormMixin, forms.Form):
    pass


class ScopedModelForm(ScopedFormMixin, forms.ModelForm):
    def _post_clean(self):
        # The model's clean() compares the instansi of related rows with the instance's ("Unit induk harus dari
        # instansi yang sama"), and runs here, before the view's form_valid: give a new instansi-owned row its
        # instansi now (the user's; for a superadmin, that of the related rows chosen), never from client input.
        inst = self.instance
        if inst._state.adding and hasattr(inst, "instansi_id") and not inst.instansi_id:
            instansi_id = getattr(self.user, "instansi_id", None)
            for value in (getattr(self, "cleaned_data", None) or {}).values():
                if instansi_id:
                    break
                instansi_id = getattr(value, "instansi_id", None)
            inst.instansi_id = instansi_id
        super()._post_clean()


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
