from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Instansi, Jabatan, Pegawai, RiwayatJabatan, RiwayatPangkat, UnitKerja, User


@admin.register(Instansi)
class InstansiAdmin(admin.ModelAdmin):
    list_display = ["nama", "kode", "jenis", "provinsi"]
    search_fields = ["nama", "kode"]


@admin.register(UnitKerja)
class UnitKerjaAdmin(admin.ModelAdmin):
    list_display = ["nama", "instansi", "jenis", "parent", "aktif"]
    list_filter = ["instansi", "jenis", "aktif"]
    search_fields = ["nama", "singkatan"]
    raw_id_fields = ["parent"]


@admin.register(Jabatan)
class JabatanAdmin(admin.ModelAdmin):
    list_display = ["nama", "unit_kerja", "jenis", "jenjang", "kelas_jabatan", "is_kepala_unit"]
    list_filter = ["instansi", "jenis"]
    search_fields = ["nama"]
    raw_id_fields = ["unit_kerja", "parent"]


class RiwayatJabatanInline(admin.TabularInline):
    model = RiwayatJabatan
    extra = 0
    raw_id_fields = ["jabatan"]


class RiwayatPangkatInline(admin.TabularInline):
    model = RiwayatPangkat
    extra = 0


@admin.register(Pegawai)
class PegawaiAdmin(admin.ModelAdmin):
    list_display = ["nama", "nip", "instansi", "golongan", "status_kepegawaian", "status_aktif"]
    list_filter = ["instansi", "status_kepegawaian", "status_aktif", "golongan"]
    search_fields = ["nama", "nip"]
    raw_id_fields = ["jabatan", "unit_kerja"]
    inlines = [RiwayatJabatanInline, RiwayatPangkatInline]


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ["username", "role", "instansi", "pegawai", "is_active"]
    list_filter = ["role", "instansi", "is_active"]
    raw_id_fields = ["pegawai"]
    fieldsets = UserAdmin.fieldsets + (("Portal ASN", {"fields": ("role", "instansi", "pegawai")}),)
    add_fieldsets = UserAdmin.add_fieldsets + (("Portal ASN", {"fields": ("role", "instansi", "pegawai")}),)
