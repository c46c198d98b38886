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


_REGISTRY: dict[str, JenisDokumen] = {}


def register(jenis: JenisDokumen) -> JenisDokumen:
    _REGISTRY[jenis.kode] = jenis
    return jenis


def get(kode: str) -> JenisDokumen:
    return _REGISTRY[kode]


def label(kode: str) -> str:
    j = _REGISTRY.get(kode)
    return j.label if j else kode


def all_types() -> list[JenisDokumen]:
    return sorted(_REGISTRY.values(), key=lambda j: j.label)
