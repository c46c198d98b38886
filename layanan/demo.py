"""Demo data of the layanan (called by seed_demo, idempotent): the checklists, the known cells of the PP 5/2024
salary table (domain.md §9.3, marked unconfirmed where domain.md says so), and DEMO signing certificates for the
demo atasan accounts (who sign leave permits)."""

from __future__ import annotations

import datetime as dt

# (golongan, mkg, gaji pokok, confirmed) — domain.md §9.3 table. Only these cells are known; the official
# lampiran of PP 5/2024 must be loaded as data for production (admin: Tabel gaji pokok).
GAJI_PP_5_2024 = [
    ("I/a", 0, 1_685_700, True),
    ("II/a", 0, 2_184_000, True),
    ("II/a", 1, 2_218_400, False),
    ("III/a", 0, 2_785_700, True),
    ("III/a", 2, 2_873_500, False),
    ("III/a", 32, 4_575_200, True),
    ("IV/a", 0, 3_287_800, True),
]
BERLAKU = dt.date(2024, 1, 1)


def seed(*, instansi_list, rng, scale, stdout):
    from django.contrib.auth import get_user_model

    from asnportal.dokumen import keys
    from asnportal.dokumen.models import KunciTandaTangan

    from . import services
    from .models import GajiPokok

    for g, m, v, ok in GAJI_PP_5_2024:
        GajiPokok.objects.get_or_create(
            golongan=g, mkg=m, berlaku_mulai=BERLAKU, defaults={"gaji_pokok": v, "terkonfirmasi": ok}
        )
    User = get_user_model()
    for inst in instansi_list:
        services.syarat_pastikan(instansi_id=inst.pk)
        _usul_demo(inst, User, stdout)
        ca = KunciTandaTangan.objects.filter(instansi=inst, peran=KunciTandaTangan.Peran.CA).first()
        if ca is None:
            continue
        for u in User.objects.filter(
            instansi=inst, username__startswith="atasan.", pegawai__isnull=False
        ).select_related("pegawai__jabatan"):
            p = u.pegawai
            if KunciTandaTangan.objects.filter(
                pegawai=p, peran=KunciTandaTangan.Peran.PENANDATANGAN
            ).exists():
                continue
            keys.buat_penandatangan(
                ca=ca,
                nama=p.nama,
                jabatan=p.jabatan.nama if p.jabatan_id else "Atasan",
                instansi=inst,
                pegawai=p,
            )
            stdout.write(f"layanan {inst.nama}: sertifikat penandatangan DEMO untuk {u.username}")


def _usul_demo(inst, User, stdout):
    """A few KP usul for the coming period, opened by the demo HR officer (so the pages are not empty)."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from kepegawaian import rules as kp_rules
    from kepegawaian import selectors as kp_selectors

    from . import services
    from .models import Usul

    hr = User.objects.filter(instansi=inst, role="admin_instansi").order_by("id").first()
    if hr is None or Usul.objects.filter(instansi=inst).exists():
        return
    periode = kp_rules.periode_kp_untuk_usulan(timezone.localdate())
    n = 0
    for p in kp_selectors.kp_kandidat(user=hr, periode=periode)[:3]:
        try:
            services.usul_buat(actor=hr, layanan="kp", pegawai=p, tmt=periode)
            n += 1
        except ValidationError:
            continue
    stdout.write(f"layanan {inst.nama}: {n} usul kenaikan pangkat demo untuk periode {periode:%d-%m-%Y}")
