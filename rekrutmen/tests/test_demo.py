import io
import random

from asnportal.testing.factories import JabatanFactory, UserFactory
from rekrutmen import demo, selectors
from rekrutmen.models import Lamaran, Publikasi, Seleksi, VerifikasiSyarat


def test_seed_small_is_idempotent_and_reproducible(hr_bungo, opd_bungo):
    UserFactory(username="admin", role="superadmin", instansi=None, is_superuser=True)
    for i in range(8):
        JabatanFactory(
            instansi=opd_bungo.instansi, unit_kerja=opd_bungo, jumlah_formasi=3, nama=f"Jabatan {i}"
        )
    out = io.StringIO()
    for _ in range(2):
        demo.seed(instansi_list=[opd_bungo.instansi], rng=random.Random(1), scale="small", stdout=out)
    assert Seleksi.objects.count() == 2
    assert Lamaran.objects.count() == 3 * demo.PER_FORMASI["small"]
    assert (
        VerifikasiSyarat.objects.filter(hasil="TMS").count()
        == Lamaran.objects.filter(status_administrasi="TMS").count()
    )
    assert "dilewati" in out.getvalue()
    for pub in Publikasi.objects.all():
        assert selectors.reproduksi_publikasi(pub) == pub.isi
