"""People picker for room invitations: a search box plus a <select> of at most `LIMIT` active users, filled
by htmx from `forum:pilih_pengguna` (pattern of kepegawaian.autocomplete). Without JavaScript it is
search-then-choose: the form comes back with the matches. Options show only "name · instansi".

Who may be picked follows what the invitation text already allows (forum.services.resolve_handles): any
active portal user of any instansi (coordination rooms are inter-agency).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

LIMIT = 20
MAX_QUERY = 100


def candidates():
    return get_user_model().objects.filter(is_active=True)


def clean_q(q) -> str:
    return " ".join((q or "").replace("\x00", "").split())[:MAX_QUERY]


def search(q: str, *, limit: int = LIMIT) -> list:
    q = clean_q(q)
    if not q:
        return []
    qs = candidates().select_related("instansi", "pegawai")
    for word in q.split()[:6]:
        qs = qs.filter(
            Q(pegawai__nama__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
        )
    return list(qs.order_by("first_name", "username", "pk")[:limit])


def label(user) -> str:
    nama = (user.pegawai.nama_lengkap if user.pegawai_id else "") or user.get_full_name() or user.username
    return f"{nama} · {user.instansi.nama}" if user.instansi_id else nama


class _Searching:
    def __init__(self, q, value):
        self.q, self.value = q, value


class PenggunaPickerWidget(forms.Widget):
    template_name = "forum/widgets/pilih_pengguna.html"
    suffix = "__q"

    def use_required_attribute(self, initial):
        return False

    def value_from_datadict(self, data, files, name):
        value = data.get(name) or ""
        q = clean_q(data.get(name + self.suffix))
        if q and str(value) not in {str(u.pk) for u in search(q)}:
            return _Searching(q, value)
        return value

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + self.suffix not in data

    def get_context(self, name, value, attrs):
        from django.urls import reverse

        ctx = super().get_context(name, value, attrs)
        q = value.q if isinstance(value, _Searching) else ""
        chosen = value.value if isinstance(value, _Searching) else value
        options, seen = [], set()
        if chosen not in (None, ""):
            try:
                user = candidates().select_related("instansi", "pegawai").filter(pk=chosen).first()
            except (ValueError, TypeError):
                user = None
            if user is not None:
                options.append((str(user.pk), label(user), True))
                seen.add(str(user.pk))
        options += [(str(u.pk), label(u), False) for u in search(q) if str(u.pk) not in seen]
        ctx["widget"]["attrs"]["class"] = "form-select"
        ctx["widget"].update(
            {
                "q": q,
                "q_name": name + self.suffix,
                "options": options,
                "url": reverse("forum:pilih_pengguna"),
                "placeholder": _("Ketik nama pengguna yang diundang…"),
                "searched": bool(q),
            }
        )
        return ctx


class PenggunaPickerField(forms.ModelChoiceField):
    widget = PenggunaPickerWidget
    default_error_messages = {
        "invalid_choice": _("Pengguna yang dipilih tidak ada atau tidak aktif."),
        "searching": _("Pilih salah satu hasil pencarian “%(q)s” di daftar, lalu kirim lagi."),
        "no_match": _("Tidak ada pengguna aktif yang cocok dengan “%(q)s”. Coba kata lain."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("empty_label", None)
        super().__init__(candidates(), **kwargs)

    def to_python(self, value):
        if isinstance(value, _Searching):
            code = "searching" if search(value.q, limit=1) else "no_match"
            raise forms.ValidationError(self.error_messages[code], code=code, params={"q": value.q})
        return super().to_python(value)

    def has_changed(self, initial, data):
        return isinstance(data, _Searching) or super().has_changed(initial, data)
