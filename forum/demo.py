"""Demo data for the forum: categories, discussions between Bengkulu and Bungo, a best practice adopted by the
other instansi, and a private coordination room for a flood response.

Idempotent: categories and users are get-or-create; discussions are only added when the forum has no thread.
`small` takes seconds; `large` bulk-inserts 20,000 posts, one thread with 500 of them (the benchmark thread).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from kepegawaian.models import Pegawai, UnitKerja, User

from . import markdown as md
from .models import (
    Adopsi,
    AnggotaRuang,
    Kategori,
    Langganan,
    PeranAnggota,
    Pos,
    RuangKoordinasi,
    StatusRuang,
    Topik,
)

KATEGORI = [
    (
        "pelayanan-publik",
        "Pelayanan Publik",
        "people",
        "Standar pelayanan, SKM, pengaduan, mal pelayanan publik.",
    ),
    ("kepegawaian", "Kepegawaian", "person-badge", "Manajemen ASN: SKP, kenaikan pangkat, mutasi, SIASN."),
    (
        "teknologi-egov",
        "Teknologi & e-Government",
        "cpu",
        "SPBE, aplikasi layanan, data, keamanan informasi.",
    ),
    ("kebencanaan", "Kebencanaan", "cloud-lightning-rain", "Kesiapsiagaan, tanggap darurat, dan pemulihan."),
    (
        "praktik-baik",
        "Praktik Baik",
        "award",
        "Inovasi yang sudah berjalan dan siap direplikasi instansi lain.",
    ),
]

DISKUSI = [
    (
        "pelayanan-publik",
        "Antrean daring untuk layanan adminduk: pengalaman kami",
        "Kami mulai memakai **antrean daring** untuk layanan KTP-el dan KK. Waktu tunggu turun dari 2 jam menjadi "
        "sekitar 25 menit.\n\n- pendaftaran lewat WhatsApp\n- kuota per sesi\n- SMS pengingat H-1\n\nAda yang "
        "sudah mencoba hal serupa?",
        True,
    ),
    (
        "kepegawaian",
        "Kendala sinkronisasi data SIASN setelah mutasi jabatan",
        "Setelah mutasi, riwayat jabatan di SIASN belum berubah walau SK sudah diunggah. Apakah ada langkah "
        "verifikasi tambahan di BKN Regional VII?",
        False,
    ),
    (
        "teknologi-egov",
        "Tanda tangan elektronik (TTE) untuk naskah dinas",
        "Kami sedang menyiapkan TTE BSrE untuk seluruh pejabat struktural. Bagaimana pengalaman instansi lain "
        "soal pelatihan dan kebijakan penyimpanan arsip elektronik?",
        False,
    ),
    (
        "kebencanaan",
        "Pembagian peran BPBD dan Dinas Sosial saat banjir musiman",
        "Menjelang musim hujan, kami ingin menyepakati siapa yang mengelola **dapur umum** dan data pengungsi. "
        "@prov-bengkulu/bpbd bagaimana pembagian di tempat Anda?",
        False,
    ),
    (
        "praktik-baik",
        "Layanan kenaikan pangkat tanpa tatap muka (usul KP digital)",
        "BKPSDM menerapkan usul kenaikan pangkat sepenuhnya digital: berkas diunggah unit kerja, diverifikasi "
        "berjenjang, dan status bisa dipantau ASN.\n\n> Hasilnya: 96% usul periode April selesai tepat waktu.",
        True,
    ),
    (
        "pelayanan-publik",
        "Survei kepuasan masyarakat: berapa responden minimal?",
        "Untuk unit layanan dengan populasi kecil, bagaimana menentukan jumlah responden SKM sesuai PermenPANRB "
        "14/2017?",
        False,
    ),
]

BALASAN = [
    "Terima kasih, sangat membantu. Kami akan mencoba di unit kami.",
    "Di tempat kami kendalanya ada pada **jaringan** di kecamatan. Solusi sementara: formulir luring yang "
    "diinput petugas sore hari.",
    "Setuju. Perlu juga SOP tertulis supaya tidak bergantung pada satu orang operator.",
    "Kami punya templat SOP-nya, nanti saya lampirkan.",
    "Sudah kami koordinasikan dengan Diskominfo, menunggu jadwal.",
    "Catatan dari rapat kemarin: target uji coba bulan depan.",
    "Apakah ada kendala anggaran? Kami memakai dana rutin, tidak perlu kegiatan baru.",
    "Boleh dibagikan kontak PIC-nya? Kami ingin studi tiru.",
]

EXTRA_USERS = [
    # username, instansi kode, unit singkatan
    ("bpbd.bungo", "kab-bungo", "BPBD"),
    ("dinsos.bungo", "kab-bungo", "Dinsos"),
    ("bpbd.bengkulu", "prov-bengkulu", "BPBD"),
]


def seed(*, instansi_list, rng, scale, stdout):
    from kepegawaian.management.commands.seed_demo import Command

    admin = User.objects.filter(username="admin").first()
    kategori = {}
    for i, (slug, nama, ikon, desk) in enumerate(KATEGORI):
        kategori[slug], _ = Kategori.objects.get_or_create(
            slug=slug, defaults={"nama": nama, "ikon": ikon, "deskripsi": desk, "urutan": i}
        )
        if admin:
            kategori[slug].moderator.add(admin)
    for username, kode, singkatan in EXTRA_USERS:
        unit = UnitKerja.objects.filter(instansi__kode=kode, singkatan=singkatan, parent__isnull=True).first()
        if unit is None or User.objects.filter(username=username).exists():
            continue
        taken = User.objects.exclude(pegawai=None).values("pegawai_id")
        pegawai = (
            Pegawai.objects.filter(unit_kerja__path__startswith=unit.path)
            .exclude(pk__in=taken)
            .order_by("id")
            .first()
        )
        if pegawai:
            Command._user(
                username, role="asn", instansi=unit.instansi, pegawai=pegawai, first_name=pegawai.nama
            )
    if Topik.objects.exists():
        stdout.write("forum: sudah ada data, dilewati")
        return
    authors = list(
        User.objects.filter(instansi__isnull=False, is_active=True)
        .select_related("instansi")
        .order_by("username")
    )
    if not authors:
        return
    with transaction.atomic():
        n = _build(kategori, authors, rng, scale)
    stdout.write(f"forum: {n} pos dibuat")


def _build(kategori, authors, rng, scale) -> int:
    now = timezone.now()
    by_inst: dict[int, list] = {}
    for u in authors:
        by_inst.setdefault(u.instansi_id, []).append(u)
    specs = []  # (topik, [(author, text, created_at)])

    def thread(kat, judul, opener, n_replies, start, author=None, ruang=None, praktik=False):
        author = author or rng.choice(authors)
        posts = [(author, opener, start)]
        t = start
        for _ in range(n_replies):
            t += dt.timedelta(minutes=rng.randint(5, 600))
            posts.append((rng.choice(authors), rng.choice(BALASAN), min(t, now)))
        topik = Topik(
            judul=judul,
            kategori=kategori.get(kat) if kat else None,
            ruang=ruang,
            penulis=author,
            instansi_id=author.instansi_id,
            created_at=start,
            praktik_baik=praktik,
        )
        specs.append((topik, posts))
        return topik

    for i, (kat, judul, isi, praktik) in enumerate(DISKUSI):
        thread(kat, judul, isi, rng.randint(3, 9), now - dt.timedelta(days=40 - i * 5), praktik=praktik)

    bungo = next((u for u in authors if u.username == "hr.bungo"), authors[0])
    ruang, _ = RuangKoordinasi.objects.get_or_create(
        nama="Tanggap Darurat Banjir Bungo 2026",
        defaults={
            "deskripsi": "Koordinasi BPBD, Dinas Sosial, BKPSDM Bungo dan BPBD Provinsi Bengkulu selama status "
            "tanggap darurat banjir.",
            "dibuat_oleh": bungo,
            "instansi_id": bungo.instansi_id,
        },
    )
    members = [
        u
        for u in authors
        if u.username in {"hr.bungo", "bpbd.bungo", "dinsos.bungo", "bpbd.bengkulu", "kepala.bungo"}
    ]
    for u in members:
        AnggotaRuang.objects.get_or_create(
            ruang=ruang,
            user=u,
            defaults={
                "peran": PeranAnggota.KOORDINATOR if u == bungo else PeranAnggota.ANGGOTA,
                "diundang_oleh": bungo,
            },
        )
    if members:
        room_author = members[0]
        topik = Topik(
            judul="Laporan situasi posko pengungsian Kecamatan Pelepat",
            ruang=ruang,
            penulis=room_author,
            instansi_id=room_author.instansi_id,
            created_at=now - dt.timedelta(days=2),
        )
        specs.append(
            (
                topik,
                [
                    (
                        room_author,
                        "Posko di Kecamatan Pelepat menampung **312 jiwa**. Kebutuhan mendesak: selimut dan air bersih. @kab-bungo/dinsos mohon konfirmasi stok.",
                        now - dt.timedelta(days=2),
                    ),
                    (
                        rng.choice(members),
                        "Dinsos mengirim 200 selimut siang ini, sisanya besok pagi.",
                        now - dt.timedelta(days=2, hours=-3),
                    ),
                    (
                        rng.choice(members),
                        "BPBD Provinsi menyiapkan 2 tangki air bersih, mohon titik koordinat posko.",
                        now - dt.timedelta(days=1),
                    ),
                ],
            )
        )
    RuangKoordinasi.objects.filter(pk=ruang.pk).update(status=StatusRuang.AKTIF)

    if scale == "large":
        thread(
            "kebencanaan",
            "Log harian koordinasi kesiapsiagaan (utas panjang)",
            "Utas log harian.",
            499,
            now - dt.timedelta(days=300),
        )
        total = sum(len(p) for _, p in specs)
        kats = list(kategori)
        i = 0
        while total < 20_000:
            n = min(rng.randint(5, 60), 20_000 - total - 1) if 20_000 - total > 1 else 0
            thread(
                rng.choice(kats),
                f"Diskusi #{i + 1}: berbagi pengalaman {rng.choice(['layanan', 'SDM', 'aplikasi', 'anggaran', 'data'])}",
                "Bagaimana pengalaman rekan-rekan di instansi lain?",
                n,
                now - dt.timedelta(days=rng.randint(1, 700)),
            )
            total += n + 1
            i += 1

    topik_rows = [t for t, _ in specs]
    for t, posts in specs:
        t.jumlah_pos = len(posts)
        t.last_post_at = max(p[2] for p in posts)
    Topik.objects.bulk_create(topik_rows, batch_size=1000)
    pos_rows = []
    rendered: dict[str, tuple[str, list]] = {}
    for t, posts in specs:
        for nomor, (author, text, created) in enumerate(posts, start=1):
            if text not in rendered:
                handles = md.extract_mentions(text)
                rendered[text] = (md.render(text, mentions=set(handles)), handles)
            html, handles = rendered[text]
            pos_rows.append(
                Pos(
                    topik=t,
                    nomor=nomor,
                    penulis=author,
                    instansi_id=author.instansi_id,
                    isi=text,
                    isi_html=html,
                    sebutan=handles,
                    created_at=created,
                )
            )
    Pos.objects.bulk_create(pos_rows, batch_size=2000)
    Langganan.objects.bulk_create(
        [Langganan(topik=t, user=t.penulis) for t in topik_rows], batch_size=2000, ignore_conflicts=True
    )
    # A best practice from one instansi adopted by the other; one answered question.
    for t, _posts in specs:
        if t.praktik_baik and t.instansi_id:
            other = next(
                (u for u in authors if u.instansi_id != t.instansi_id and u.role == "admin_instansi"), None
            )
            if other:
                Adopsi.objects.get_or_create(
                    topik=t,
                    instansi_id=other.instansi_id,
                    defaults={
                        "dicatat_oleh": other,
                        "tanggal": (now - dt.timedelta(days=3)).date(),
                        "catatan": "Direplikasi di BKD/BKPSDM setelah studi tiru.",
                    },
                )
    first = topik_rows[1]
    solusi = Pos.objects.filter(topik=first, nomor=2).first()
    if solusi:
        Topik.objects.filter(pk=first.pk).update(solusi=solusi)
    return len(pos_rows)
