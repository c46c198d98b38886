"""Document types. An app registers each type it issues once (in its AppConfig.ready):

    from asnportal.dokumen.registry import JenisDokumen, register
    register(JenisDokumen("layanan.sk_kp", "SK Kenaikan Pangkat", "800.1.3.3/{n}/BKPSDM/{tahun}",
                          "layanan/pdf/sk_kp.html"))

then issues documents with `asnportal.dokumen.services.dokumen_terbitkan(...)`. The number format can be
changed per instansi (FormatNomor rows, in the admin) without code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class JenisDokumen:
    kode: str
    label: str
    pola_bawaan: str
    template: str
    # Optional: the model a document of this type is issued for ("app.Model") and the URL name (taking the
    # source pk) of the POST view that issues it; `{% dokumen_terbit obj %}` then offers the button.
    sumber_model: str = ""
    url_terbitkan: str = ""
    sumber_status: str = ""  # the source's status in which the document may be issued ("" = any)


_REGISTRY: dict[str, JenisDokumen] = {}


def register(jenis: JenisDokumen) -> JenisDokumen:
    _REGISTRY[jenis.kode] = jenis
    return jenis


def get(kode: str) -> JenisDokumen:
    return _REGISTRY[kode]


def label(kode: str) -> str:
    j = _REGISTRY.get(kode)
    return j.label if j else kode


def for_model(label: str) -> list[JenisDokumen]:
    return [j for j in _REGISTRY.values() if j.sumber_model == label]


def all_types() -> list[JenisDokumen]:
    return sorted(_REGISTRY.values(), key=lambda j: j.label)
