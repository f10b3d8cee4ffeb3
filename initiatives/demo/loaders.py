"""Initiatives' demo loaders, registered with core.demo in InitiativesConfig.ready()."""

from __future__ import annotations

from django.core.management.base import CommandError

from core.demo import DemoRun


def load_sample(run: DemoRun) -> None:
    """The hand-written demo initiatives; they need their authors, supporters and a moderator (demo people)."""
    from .sample import load_initiatives_demo

    load_initiatives_demo(stdout=run.stdout)
    _catalogue_changed()


def _catalogue_changed() -> None:
    # Demo rows come partly through update() and bulk_create(), which send no signals.
    from ..catalogue_cache import catalogue_changed

    catalogue_changed()


def load_city_scale(run: DemoRun) -> None:
    """`--scale city`: residents, initiatives and supports at the size of the city (commits in batches).

    The city-scale residents have unusable passwords, so they need no DEMO_PASSWORD, even with --no-users.
    """
    if run.scale != "city":
        return
    from .city import SEED, CitySize, load_city

    options = run.options
    size = CitySize(
        users=options["city_users"], initiatives=options["city_initiatives"], supports=options["city_supports"],
        comments=options["city_comments"], follows=options["city_follows"],
    )
    if min(size.users, size.initiatives, size.supports, size.comments) < 0:
        raise CommandError("Размеры --city-* не могут быть отрицательными.")

    def log(line: str) -> None:
        if run.verbosity:
            run.write(line)

    log("Данные в масштабе города:")
    seed = options["city_seed"] if options.get("city_seed") is not None else SEED
    try:
        report = load_city(size, seed=seed, log=log)
    except ValueError as error:
        raise CommandError(str(error)) from error
    _catalogue_changed()
    if not report.skipped and run.verbosity:
        counts = ", ".join(f"{name} {count}" for name, count in report.counts.items())
        run.write(run.style.SUCCESS(f"Город загружен за {report.seconds:.1f} с: {counts}."))
