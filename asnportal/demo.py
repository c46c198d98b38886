"""Demo signing keys (called by seed_demo): one DEMO certification authority per instansi and a DEMO signing
certificate for the head of the personnel agency and every OPD head (the officials who sign SKs and leave
permits in the demo). Generated at seed time, stored encrypted in the database, never committed as files.
Idempotent: an instansi that already has a CA is skipped."""

from __future__ import annotations


def seed(*, instansi_list, rng, scale, stdout):
    from django.db import transaction

    from kepegawaian.choices import StatusAktif
    from kepegawaian.models import Pegawai

    from .dokumen import keys
    from .dokumen.models import KunciTandaTangan

    for inst in instansi_list:
        if KunciTandaTangan.objects.filter(instansi=inst, peran=KunciTandaTangan.Peran.CA).exists():
            continue
        heads = (
            Pegawai.objects.filter(
                instansi=inst,
                status_aktif=StatusAktif.AKTIF,
                jabatan__is_kepala_unit=True,
                jabatan__unit_kerja__parent__isnull=True,
            )
            .select_related("jabatan")
            .order_by("id")
        )
        with transaction.atomic():
            ca = keys.buat_ca_demo(instansi=inst, nama=inst.nama)
            n = 0
            for p in heads:
                keys.buat_penandatangan(
                    ca=ca, nama=p.nama, jabatan=p.jabatan.nama, instansi=inst, pegawai=p, demo=True
                )
                n += 1
        stdout.write(f"{inst.nama}: CA DEMO dan {n} sertifikat penandatangan DEMO dibuat")
