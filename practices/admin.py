from django.contrib import admin

from .models import PracticeCase, PracticeRepeat


@admin.register(PracticeCase)
class PracticeCaseAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "district", "year", "is_published")
    list_filter = ("is_published", "district", "category", "year")
    search_fields = ("title", "organisation", "problem", "solution")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(PracticeRepeat)
class PracticeRepeatAdmin(admin.ModelAdmin):
    list_display = ("initiative", "case", "source_initiative", "created_at")
    readonly_fields = ("initiative", "case", "source_initiative", "created_at")

    def has_add_permission(self, request) -> bool:
        return False
