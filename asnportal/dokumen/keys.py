"""Certificates and keys for signing (cryptography). `buat_ca_demo` / `buat_penandatangan` create the DEMO
certification authority and officials' signing certificates that seed_demo uses: their subject says DEMO and
they are valid only for this portal's own verification. Private keys are stored encrypted (PKCS#8) with a key
derived from PORTAL_SIGNING_KEY_PASSPHRASE (default: SECRET_KEY), never as files in the repository."""

from __future__ import annotations

import datetime as dt
import hashlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.utils import timezone

from .models import KunciTandaTangan


def _passphrase() -> bytes:
    secret = getattr(settings, "PORTAL_SIGNING_KEY_PASSPHRASE", "") or settings.SECRET_KEY
    return hashlib.sha256(b"portal-asn-signing-key:" + secret.encode()).hexdigest().encode()


def encrypt_key(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(_passphrase()),
    )


def decrypt_key(data: bytes):
    return serialization.load_der_private_key(bytes(data), password=_passphrase())


def _name(cn: str, org: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, cn[:64]),
        ]
    )


def _store(cert, key, **fields) -> KunciTandaTangan:
    return KunciTandaTangan.objects.create(
        subjek=cert.subject.rfc4514_string()[:255],
        nomor_seri=format(cert.serial_number, "x"),
        berlaku_mulai=cert.not_valid_before_utc,
        berlaku_sampai=cert.not_valid_after_utc,
        sertifikat_pem=cert.public_bytes(serialization.Encoding.PEM).decode(),
        kunci_terenkripsi=encrypt_key(key),
        **fields,
    )


def buat_ca_demo(*, instansi=None, nama: str = "Portal ASN") -> KunciTandaTangan:
    """A self-signed DEMO root CA (10 years)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = _name(f"DEMO Root CA {nama} - TIDAK SAH", "DEMO Portal ASN")
    now = timezone.now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return _store(cert, key, instansi=instansi, peran=KunciTandaTangan.Peran.CA, is_demo=True)


def buat_penandatangan(*, ca: KunciTandaTangan, nama: str, jabatan: str, instansi, pegawai=None, demo=True):
    """A signing certificate (2 years) for an official, issued by `ca`."""
    ca_key = decrypt_key(ca.kunci_terenkripsi)
    ca_cert = x509.load_pem_x509_certificate(ca.sertifikat_pem.encode())
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cn = f"{'DEMO ' if demo else ''}{nama}"
    now = timezone.now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(cn, f"{'DEMO ' if demo else ''}{jabatan}"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=730))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    return _store(
        cert,
        key,
        instansi=instansi,
        peran=KunciTandaTangan.Peran.PENANDATANGAN,
        pegawai=pegawai,
        penerbit=ca,
        is_demo=demo,
    )
