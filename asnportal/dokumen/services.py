"""Issuing, revoking and replacing official documents (the document core's writes)."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from asnportal import audit
from asnportal.siteurl import absolute_url

from . import registry, render
from .models import Dokumen, FormatNomor, KunciTandaTangan, StatusDokumen
from .numbering import format_nomor, nomor_berikut
from .signing import get_signer, verifikasi_pdf


def kunci_untuk(pegawai) -> KunciTandaTangan | None:
    """The active, unexpired signing key of an official (None: the document is issued without a TTE)."""
    if pegawai is None:
        return None
    now = timezone.now()
    return (
        KunciTandaTangan.objects.filter(
            pegawai=pegawai,
            peran=KunciTandaTangan.Peran.PENANDATANGAN,
            aktif=True,
            berlaku_mulai__lte=now,
            berlaku_sampai__gt=now,
        )
        .select_related("penerbit")
        .order_by("-berlaku_sampai")
        .first()
    )


def verifikasi_url(dok: Dokumen, base_url: str | None = None) -> str:
    """The public verification link printed in the QR code: PORTAL_SITE_URL (asnportal.siteurl), or `base_url`."""
    path = reverse("dokumen:verifikasi", args=[dok.kode])
    if base_url:
        return base_url.rstrip("/") + path
    return absolute_url(path)


def dokumen_terbitkan(
    *,
    actor,
    instansi,
    jenis: str,
    judul: str,
    pemegang_nama: str,
    konteks: dict,
    ttd: dict,
    pegawai=None,
    penandatangan=None,
    tanggal=None,
    sumber=None,
    base_url: str | None = None,
    nomor: str | None = None,
) -> Dokumen:
    """Number, render, sign (when the official has a key) and store one document, atomically.

    `ttd` is the signature block (templates/dokumen/_ttd.html: nama, jabatan, nip, pangkat, kapasitas "Plt."/
    "Plh.", kota); `penandatangan` the official's Pegawai whose key signs. The number is taken inside this
    transaction, so a failure anywhere (rendering, signing, storage) leaves no number used. `nomor` keeps a number
    assigned elsewhere (e.g. the selection committee's announcement number); the core sequence is still taken.
    """
    jd = registry.get(jenis)
    tanggal = tanggal or timezone.localdate()
    kunci = kunci_untuk(penandatangan)
    with transaction.atomic():
        n = nomor_berikut(instansi_id=instansi.pk, jenis=jenis, tahun=tanggal.year)
        pola = (
            FormatNomor.objects.filter(instansi=instansi, jenis=jenis).values_list("pola", flat=True).first()
            or jd.pola_bawaan
        )
        nomor = nomor or format_nomor(pola, n=n, tahun=tanggal.year, bulan=tanggal.month)
        jabatan = " ".join(x for x in (ttd.get("kapasitas", ""), ttd.get("jabatan", "")) if x)
        dok = Dokumen(
            instansi=instansi,
            jenis=jenis,
            judul=judul[:255],
            nomor=nomor,
            nomor_urut=n,
            tahun=tanggal.year,
            tanggal=tanggal,
            pegawai=pegawai,
            pemegang_nama=pemegang_nama[:255],
            penandatangan_nama=(ttd.get("nama") or "")[:255],
            penandatangan_jabatan=jabatan[:255],
            dibuat_oleh=actor if getattr(actor, "pk", None) else None,
            sumber_jenis=sumber._meta.label if sumber is not None else "",
            sumber_id=str(sumber.pk) if sumber is not None else "",
        )
        url = verifikasi_url(dok, base_url)
        ctx = {
            **render.kop_context(instansi),
            **konteks,
            "dokumen": dok,
            "nomor": nomor,
            "tanggal": tanggal,
            "ttd": {
                **ttd,
                "tanggal": render.tanggal_panjang(tanggal),
                "tte": kunci is not None,
                "demo": bool(kunci and kunci.is_demo),
            },
            "verifikasi": {"url": url, "qr": render.qr_data_uri(url), "nomor": nomor, "kode": dok.kode},
        }
        pdf = render.html_to_pdf(render_to_string(jd.template, ctx))
        if kunci is not None:
            pdf = get_signer().sign(
                pdf, kunci=kunci, reason=f"{jd.label} {nomor}", location=instansi.ibu_kota or instansi.nama
            )
            hasil = verifikasi_pdf(pdf)
            if not hasil.sah:  # never claim a signature the PDF does not carry
                raise ValidationError(
                    _("Tanda tangan elektronik gagal diverifikasi: %(c)s")
                    % {"c": "; ".join(hasil.catatan) or "-"}
                )
            dok.ditandatangani = True
            dok.tanda_tangan = {
                "jenis": get_signer().kind,
                "penandatangan": hasil.penandatangan,
                "nomor_seri": kunci.nomor_seri,
                "demo": kunci.is_demo,
                "waktu": timezone.now().isoformat(),
            }
        dok.sha256 = hashlib.sha256(pdf).hexdigest()
        dok.berkas.save(
            f"{jenis.replace('.', '-')}-{tanggal.year}-{n}-{dok.kode.hex[:8]}.pdf",
            ContentFile(pdf),
            save=False,
        )
        dok.save()
        audit.record(
            actor=actor if getattr(actor, "pk", None) else None,
            action=audit.Action.CREATE,
            obj=dok,
            changes={
                "nomor": nomor,
                "jenis": jenis,
                "sha256": dok.sha256,
                "ditandatangani": dok.ditandatangani,
            },
        )
    return dok


def dokumen_cabut(*, actor, dokumen: Dokumen, alasan: str, diganti_oleh: Dokumen | None = None) -> Dokumen:
    """Revoke a document (or mark it replaced by a newer one); the verification page says so from now on."""
    if not alasan.strip():
        raise ValidationError({"alasan": _("Tulis alasan pencabutan.")})
    with transaction.atomic():
        dok = Dokumen.objects.select_for_update().get(pk=dokumen.pk)
        if dok.status != StatusDokumen.BERLAKU:
            raise ValidationError(_("Dokumen ini sudah dicabut atau diganti."))
        dok.status = StatusDokumen.DIGANTI if diganti_oleh else StatusDokumen.DICABUT
        dok.alasan_status = alasan.strip()
        dok.diganti_oleh = diganti_oleh
        dok.save(update_fields=["status", "alasan_status", "diganti_oleh"])
        audit.record(
            actor=actor,
            action=audit.Action.WORKFLOW,
            obj=dok,
            changes={"status": [StatusDokumen.BERLAKU, dok.status]},
            reason=alasan,
        )
    return dok


def dokumen_untuk(sumber, jenis: str | None = None):
    """Documents issued for a source object (newest first)."""
    qs = Dokumen.objects.filter(sumber_jenis=sumber._meta.label, sumber_id=str(sumber.pk))
    if jenis:
        qs = qs.filter(jenis=jenis)
    return qs.order_by("-created_at", "-id")
