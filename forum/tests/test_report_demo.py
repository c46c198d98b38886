"""report_section figures and the idempotent demo seed."""

import datetime as dt
import io
import random

from django.utils import timezone

from forum import demo, report
from forum.models import Adopsi, Kategori, Pos, Topik

from . import factories as F


def test_report_section(asn_bungo, hr_bengkulu, asn_bengkulu, kategori, instansi_bungo, instansi_bengkulu):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori, posts=3, praktik_baik=True, judul="Usul KP digital")
    F.pos(topik_obj=t, penulis=asn_bengkulu)
    Adopsi.objects.create(
        topik=t, instansi=instansi_bengkulu, dicatat_oleh=hr_bengkulu, tanggal=timezone.localdate()
    )
    r = F.ruang(members=[asn_bungo])
    F.topik(penulis=asn_bungo, ruang_obj=r)
    today = timezone.localdate()
    bungo = report.report_section(
        instansi_id=instansi_bungo.pk, start=today - dt.timedelta(days=30), end=today
    )
    summary = dict(bungo["summary"])
    assert summary["Topik dibuka"] == 2
    assert summary["Pos ditulis"] == 4
    assert summary["ASN yang aktif menulis"] == 1
    assert summary["Praktik baik yang dibagikan"] == 1
    assert summary["Adopsi praktik baik instansi ini oleh instansi lain"] == 1
    assert bungo["tables"][1]["rows"] == [["Usul KP digital", 1]]
    assert bungo["tables"][2]["rows"] == [[kategori.nama, 3]]  # room posts are not listed by category
    assert sum(bungo["charts"][0]["values"]) == 4
    bengkulu = report.report_section(
        instansi_id=instansi_bengkulu.pk, start=today - dt.timedelta(days=30), end=today
    )
    assert dict(bengkulu["summary"])["Praktik baik instansi lain yang diadopsi"] == 1
    assert bengkulu["tables"][0]["rows"][0][1:3] == ["Usul KP digital", asn_bungo.instansi.nama]
    # Outside the period: nothing.
    old = report.report_section(
        instansi_id=instansi_bungo.pk, start=dt.date(2000, 1, 1), end=dt.date(2000, 12, 31)
    )
    assert dict(old["summary"])["Pos ditulis"] == 0


def test_demo_seed_is_idempotent(hr_bungo, hr_bengkulu, asn_bungo, instansi_bungo, instansi_bengkulu):
    out = io.StringIO()
    kwargs = {"instansi_list": [instansi_bengkulu, instansi_bungo], "scale": "small", "stdout": out}
    demo.seed(rng=random.Random(1), **kwargs)
    counts = (Kategori.objects.count(), Topik.objects.count(), Pos.objects.count())
    assert counts[0] == 5 and counts[1] >= 7 and counts[2] > counts[1]
    assert Topik.objects.filter(praktik_baik=True).exists() and Adopsi.objects.exists()
    assert all(t.jumlah_pos == t.pos.count() for t in Topik.objects.all())
    demo.seed(rng=random.Random(1), **kwargs)
    assert (Kategori.objects.count(), Topik.objects.count(), Pos.objects.count()) == counts
