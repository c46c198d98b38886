"""Factories for rekrutmen tests and the scoping sweep (SCOPED_OBJECTS)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from asnportal.testing.factories import JabatanFactory, UnitKerjaFactory, hr_user
from rekrutmen.choices import JenisKomponen, StatusFormasi
from rekrutmen.models import (
    DokumenLamaran,
    Formasi,
    KomponenSKB,
    Lamaran,
    Pelamar,
    PersyaratanFormasi,
    Publikasi,
    Sanggah,
    Seleksi,
    SesiPenilaian,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")
_seq = itertools.count(1)


def pdf_upload(name="dokumen.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def nik(n: int | None = None) -> str:
    return f"1509{(n if n is not None else next(_seq)):012d}"


def seleksi(instansi, *, fase="pendaftaran", **kw) -> Seleksi:
    """A round whose phase today is `fase` ("pendaftaran" or "sanggah_hasil")."""
    today = timezone.localdate()
    d = dt.timedelta
    if fase == "pendaftaran":
        base = today - d(days=2)
    else:  # announcement today → result-sanggah window open, admin sanggah window open too
        base = today - d(days=60)
    dates = {
        "pendaftaran_mulai": base,
        "pendaftaran_selesai": base + d(days=10),
        "verifikasi_selesai": base + d(days=20),
        "sanggah_administrasi_mulai": base + d(days=21),
        "sanggah_administrasi_selesai": base + d(days=23),
        "skd_selesai": base + d(days=35),
        "skb_selesai": base + d(days=50),
        "pengumuman": base + d(days=60),
        "sanggah_selesai": base + d(days=62),
    }
    if fase != "pendaftaran":
        dates["sanggah_administrasi_mulai"] = today
        dates["sanggah_administrasi_selesai"] = today
    dates.update(kw)
    return Seleksi.objects.create(
        instansi=instansi,
        nama=f"Seleksi CASN {instansi.kode} {next(_seq)}",
        tahun=2026,
        diumumkan=True,
        **dates,
    )


def formasi(sel: Seleksi, *, kuota=1, jenis_formasi="umum", jabatan=None) -> Formasi:
    """An approved formasi with two requirements and a CAT-only SKB."""
    if jabatan is None:
        unit = UnitKerjaFactory(instansi=sel.instansi)
        jabatan = JabatanFactory(instansi=sel.instansi, unit_kerja=unit, jumlah_formasi=kuota + 2)
    f = Formasi.objects.create(
        instansi=sel.instansi,
        seleksi=sel,
        jabatan=jabatan,
        unit_kerja=jabatan.unit_kerja,
        jenis_formasi=jenis_formasi,
        kuota_usulan=kuota,
        kuota=kuota,
        status=StatusFormasi.DISETUJUI,
        disetujui_at=timezone.now(),
        pendidikan_minimal="S1",
    )
    PersyaratanFormasi.objects.create(formasi=f, nama="Ijazah", urutan=1)
    PersyaratanFormasi.objects.create(formasi=f, nama="Transkrip nilai", urutan=2)
    KomponenSKB.objects.create(formasi=f, jenis=JenisKomponen.CAT, nama="CAT SKB", bobot=100)
    return f


def pelamar(**kw) -> Pelamar:
    n = next(_seq)
    data = {
        "nik": nik(n),
        "nama": f"Pelamar Uji {n}",
        "email": f"pelamar{n}@uji.local",
        "tempat_lahir": "Muara Bungo",
        "tanggal_lahir": dt.date(1998, 1, 1) + dt.timedelta(days=n),
        "jenis_kelamin": "P",
        "email_terkonfirmasi_at": timezone.now(),
    }
    data.update(kw)
    p = Pelamar(**data)
    p.set_password("RahasiaPelamar2026")
    p.save()
    return p


def lamaran(f: Formasi, p: Pelamar | None = None, *, dikirim=True, dokumen=True, **kw) -> Lamaran:
    """An application (submitted, with a registration number and documents, unless told otherwise)."""
    p = p or pelamar()
    nomor = f"26{f.seleksi_id:04d}{next(_seq):05d}" if dikirim else ""
    lam = Lamaran.objects.create(
        instansi=f.instansi,
        seleksi=f.seleksi,
        formasi=f,
        pelamar=p,
        pendidikan="S1",
        jurusan="Ilmu Administrasi",
        institusi_pendidikan="Universitas Jambi",
        ipk=kw.pop("ipk", Decimal("3.40")),
        status="dikirim" if dikirim else "draft",
        nomor_peserta=nomor,
        dikirim_at=timezone.now() if dikirim else None,
        **kw,
    )
    if dokumen:
        for s in f.persyaratan.all():
            d = DokumenLamaran(
                lamaran=lam,
                persyaratan=s,
                nama_asli="ijazah.pdf",
                content_type="application/pdf",
                ukuran=len(PDF),
            )
            d.berkas.save("x.pdf", ContentFile(PDF), save=False)
            d.save()
    return lam


def hr_lain(instansi, username):
    return hr_user(instansi, username=username)


def _sesi(instansi):
    f = formasi(seleksi(instansi))
    k = KomponenSKB.objects.create(
        formasi=f, jenis=JenisKomponen.WAWANCARA, nama="Wawancara", bobot=Decimal("0.01")
    )
    lam = lamaran(f, ikut_skb=True)
    s = SesiPenilaian.objects.create(lamaran=lam, komponen=k, jadwal=timezone.now(), tempat="Ruang 1")
    s.panel.add(hr_user(instansi, username=f"panel{next(_seq)}"))
    return s


SCOPED_OBJECTS = {
    "rekrutmen.Seleksi": lambda instansi: seleksi(instansi),
    "rekrutmen.Formasi": lambda instansi: formasi(seleksi(instansi)),
    "rekrutmen.Lamaran": lambda instansi: lamaran(formasi(seleksi(instansi))),
    "rekrutmen.DokumenLamaran": lambda instansi: lamaran(formasi(seleksi(instansi))).dokumen.first(),
    "rekrutmen.SesiPenilaian": _sesi,
    "rekrutmen.Sanggah": lambda instansi: Sanggah.objects.create(
        lamaran=lamaran(formasi(seleksi(instansi))), tahap="hasil", alasan="Nilai TKP saya salah dicatat."
    ),
    "rekrutmen.Publikasi": lambda instansi: Publikasi.objects.create(
        instansi=instansi, seleksi=seleksi(instansi), tahap="administrasi", nomor=f"PENG/{next(_seq)}"
    ),
    "rekrutmen.RiwayatNilai": lambda instansi: _riwayat(instansi),
}


def _riwayat(instansi):
    from rekrutmen.models import RiwayatNilai

    return RiwayatNilai.objects.create(
        lamaran=lamaran(formasi(seleksi(instansi))),
        field="skd_twk",
        sebelum="",
        sesudah="80",
        sumber="impor",
        alasan="Impor nilai SKD",
    )
