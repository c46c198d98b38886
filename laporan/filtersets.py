import django_filters as df
from django.utils.translation import gettext_lazy as _

from asnportal.filters import TahunFilter
from asnportal.jobs import JobStatus

from .models import FormatBerkas, JenisLaporan, LaporanRun


class LaporanRunFilterSet(df.FilterSet):
    jenis = df.ChoiceFilter(choices=JenisLaporan.choices, label=_("Jenis"))
    format = df.ChoiceFilter(choices=FormatBerkas.choices, label=_("Format"))
    status = df.ChoiceFilter(choices=JobStatus.choices, label=_("Status"))
    tahun = TahunFilter("periode_selesai")

    class Meta:
        model = LaporanRun
        fields = ["jenis", "format", "status", "tahun"]
