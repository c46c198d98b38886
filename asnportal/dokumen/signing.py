"""Electronic signatures on issued PDFs (PAdES, pyHanko; docs/decisions/0008-pades-pyhanko.md).

`Signer` is the integration point: `LocalPAdESSigner` signs with a key held by the portal (KunciTandaTangan);
a national TTE service (BSrE) is a second implementation of the same interface that sends the PDF (or its
digest) to the service and returns the signed PDF. `settings.PORTAL_DOKUMEN_SIGNER` names the class in use.
A document is marked signed only when the returned PDF carries a signature that `verifikasi_pdf` accepts.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from .models import KunciTandaTangan


class Signer(Protocol):
    kind: str

    def sign(self, pdf: bytes, *, kunci: KunciTandaTangan, reason: str, location: str) -> bytes:
        """Return the PDF with an embedded PAdES signature of the official that `kunci` belongs to."""


def _sync(fn, *args, **kwargs):
    """Run a pyHanko call (it uses asyncio.run inside) also where an event loop is already running in this
    thread (ASGI, Playwright-driven tests): then in a worker thread."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


def _asn1_cert(pem: str):
    from asn1crypto import pem as asn1_pem
    from asn1crypto import x509 as asn1_x509

    _, _, der = asn1_pem.unarmor(pem.encode())
    return asn1_x509.Certificate.load(der)


class LocalPAdESSigner:
    """Signs with a certificate and key stored in the portal (PAdES B-B, SHA-256)."""

    kind = "lokal"

    def sign(self, pdf: bytes, *, kunci: KunciTandaTangan, reason: str, location: str) -> bytes:
        from asn1crypto import keys as asn1_keys
        from cryptography.hazmat.primitives import serialization
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        from .keys import decrypt_key

        key = decrypt_key(kunci.kunci_terenkripsi)
        key_info = asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        chain = []
        issuer = kunci.penerbit
        while issuer is not None:
            chain.append(_asn1_cert(issuer.sertifikat_pem))
            issuer = issuer.penerbit if issuer.penerbit_id != issuer.pk else None
        signer = signers.SimpleSigner(
            signing_cert=_asn1_cert(kunci.sertifikat_pem),
            signing_key=key_info,
            cert_registry=SimpleCertificateStore.from_certs(chain),
        )
        meta = signers.PdfSignatureMetadata(
            field_name="TandaTanganElektronik",
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason[:200],
            location=location[:100],
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        out = _sync(signers.sign_pdf, writer, meta, signer=signer)
        return out.getvalue()


def get_signer() -> Signer:
    return import_string(
        getattr(settings, "PORTAL_DOKUMEN_SIGNER", "asnportal.dokumen.signing.LocalPAdESSigner")
    )()


@dataclass
class HasilVerifikasi:
    """What a check of a PDF's signatures found."""

    ada_tanda_tangan: bool = False
    utuh: bool = False  # the signed bytes are unchanged and the signature is cryptographically valid
    seluruh_berkas: bool = False  # the signature covers the whole file (nothing appended after signing)
    tepercaya: bool = False  # the signer's certificate chains to a CA the portal trusts
    penandatangan: str = ""
    catatan: list[str] = field(default_factory=list)

    @property
    def sah(self) -> bool:
        return self.ada_tanda_tangan and self.utuh and self.seluruh_berkas and self.tepercaya


def trust_roots():
    return [
        _asn1_cert(pem)
        for pem in KunciTandaTangan.objects.filter(peran=KunciTandaTangan.Peran.CA, aktif=True).values_list(
            "sertifikat_pem", flat=True
        )
    ]


def verifikasi_pdf(pdf: bytes) -> HasilVerifikasi:
    """Check every embedded signature against the portal's trusted CAs; any changed byte makes it fail."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    hasil = HasilVerifikasi()
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        sigs = reader.embedded_signatures
    except Exception as exc:  # a damaged file is simply not valid
        hasil.catatan.append(f"Berkas tidak dapat dibaca: {exc.__class__.__name__}")
        return hasil
    if not sigs:
        return hasil
    hasil.ada_tanda_tangan = True
    vc = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
    hasil.utuh = hasil.seluruh_berkas = hasil.tepercaya = True
    for sig in sigs:
        try:
            status = _sync(validate_pdf_signature, sig, vc)
        except Exception as exc:
            hasil.utuh = False
            hasil.catatan.append(f"Tanda tangan tidak dapat diperiksa: {exc.__class__.__name__}")
            continue
        hasil.utuh &= bool(status.intact and status.valid)
        hasil.seluruh_berkas &= status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        hasil.tepercaya &= bool(status.trusted)
        hasil.penandatangan = status.signing_cert.subject.human_friendly
    return hasil
