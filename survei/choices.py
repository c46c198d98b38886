from django.db import models
from django.utils.translation import gettext_lazy as _

from .rules import UNSUR


class JenisKelamin(models.TextChoices):
    L = "L", _("Laki-laki")
    P = "P", _("Perempuan")


class Pendidikan(models.TextChoices):
    # D1–D3 as one option is UNCONFIRMED (domain.md §2); it follows the cited questionnaire.
    SD = "SD", _("SD ke bawah")
    SMP = "SMP", _("SMP")
    SMA = "SMA", _("SMA/SMK")
    D3 = "D1-D3", _("D1–D3")
    S1 = "S1", _("S1/D4")
    S2 = "S2", _("S2")
    S3 = "S3", _("S3")


class Pekerjaan(models.TextChoices):
    PNS = "PNS", _("PNS")
    TNI = "TNI", _("TNI")
    POLRI = "POLRI", _("POLRI")
    SWASTA = "SWASTA", _("Pegawai swasta")
    WIRAUSAHA = "WIRAUSAHA", _("Wirausaha")
    LAINNYA = "LAINNYA", _("Lainnya")


class SlotWaktu(models.TextChoices):
    PAGI = "08-12", _("08.00–12.00")
    SIANG = "13-17", _("13.00–17.00")


class JenisPeriode(models.TextChoices):
    BULAN = "bulan", _("Bulan")
    TRIWULAN = "triwulan", _("Triwulan")
    SEMESTER = "semester", _("Semester")
    TAHUN = "tahun", _("Tahun")


class Bobot(models.TextChoices):
    EXACT = "exact", _("Tepat 1/9 (dianjurkan)")
    B0111 = "0.111", _("0,111")
    B011 = "0.11", _("0,11")


class AlasanPenolakan(models.TextChoices):
    BATAS_LAJU = "batas_laju", _("Terlalu banyak kiriman dari satu IP")
    HONEYPOT = "honeypot", _("Kolom jebakan terisi (bot)")
    TERLALU_CEPAT = "terlalu_cepat", _("Diisi terlalu cepat")
    TOKEN = "token", _("Token formulir tidak sah/kedaluwarsa")
    DUPLIKAT = "duplikat", _("Kiriman berulang yang sama persis")
    TOKEN_TERPAKAI = "token_terpakai", _("Formulir yang sudah terkirim dikirim lagi dengan jawaban lain")


class StatusTindakLanjut(models.TextChoices):
    RENCANA = "rencana", _("Direncanakan")
    PROSES = "proses", _("Sedang dikerjakan")
    SELESAI = "selesai", _("Selesai")
    BATAL = "batal", _("Dibatalkan")


UNSUR_CHOICES = [(i, f"U{i} {u[1]}") for i, u in enumerate(UNSUR, start=1)]
