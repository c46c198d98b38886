import io
import random

import pytest

from asnportal import demo as core_demo
from asnportal.dokumen.models import KunciTandaTangan
from layanan import demo
from layanan.models import GajiPokok, SyaratDokumen, Usul

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_marks_demo(instansi_bungo, kepala_bungo, pegawai_bungo, hr_bungo):
    for _ in range(2):
        out = io.StringIO()
        kw = {"instansi_list": [instansi_bungo], "rng": random.Random(1), "scale": "small", "stdout": out}
        core_demo.seed(**kw)
        demo.seed(**kw)
    ca = KunciTandaTangan.objects.get(instansi=instansi_bungo, peran="ca")
    signer = KunciTandaTangan.objects.get(pegawai=kepala_bungo, peran="penandatangan")
    assert "DEMO" in ca.subjek and "DEMO" in signer.subjek and signer.is_demo and signer.penerbit == ca
    assert b"BEGIN" not in bytes(signer.kunci_terenkripsi)  # stored encrypted (DER PKCS#8), not as PEM text
    assert GajiPokok.objects.count() == 7 and GajiPokok.objects.filter(terkonfirmasi=False).count() == 2
    assert SyaratDokumen.objects.filter(instansi=instansi_bungo, layanan="kp").exists()
    assert Usul.objects.filter(instansi=instansi_bungo).count() <= 3
