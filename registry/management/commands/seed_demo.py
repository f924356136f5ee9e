"""``manage.py seed_demo``: a national-size fictitious registry and one demo user per role."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cases import demo as cases_demo
from obligations import demo as obligations_demo
from registry import demo
from registry.models import Desk, Location
from sanctions import demo as sanctions_demo
from supervision.roles import group_name


class Command(BaseCommand):
    help = (
        "Fill an empty registry with fictitious desks, organisations and locations on the real "
        "municipalities (deterministic), and create one demo user per role with a published "
        "password. Runs with DEBUG=1 only, unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="First delete every organisation, desk, service area and location, every "
            "signal, case and advice, and every obligations record (consultations, documents, reports, evidence and its files, "
            "compliance), with their history. Reference data stays.",
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiply the number of locations (1.0 = about 5,700; 0.05 for a quick run, "
            "10 for a load test). Desks stay national.",
        )
        parser.add_argument("--seed", type=int, default=demo.SEED, help="Random seed.")
        parser.add_argument("--no-users", action="store_true", help="Do not create demo users.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off. The demo users have published passwords: never on a "
            "server that holds real data.",
        )

    def handle(self, *args, reset, scale, seed, no_users, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo writes fictitious data and users with published passwords; it runs "
                "with DEBUG=1 only (or --force on a throwaway database)."
            )
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        total_started = time.monotonic()
        if reset:
            sanctions_demo.wipe_tracks()
            cases_demo.wipe_cases()
            files = obligations_demo.wipe_obligations()
            demo.wipe_registry()
            self.stdout.write(
                f"Registry and obligations emptied ({files} evidence files deleted; reference "
                "data kept)."
            )
        if demo.registry_is_empty():
            started = time.monotonic()
            summary = demo.build_demo(scale=scale, seed=seed)
            self.stdout.write(
                self.style.SUCCESS(f"Demo registry built in {time.monotonic() - started:.1f} s.")
            )
            for line in summary.lines():
                self.stdout.write(f"  {line}")
        else:
            self.stdout.write(
                f"The registry already holds data ({Desk.objects.count()} desks, "
                f"{Location.objects.count()} locations): left as it is. "
                "Use --reset to rebuild it."
            )
        users = [] if no_users else demo.create_demo_users()
        self.build_obligations(scale, seed)
        self.build_cases(scale, seed)
        self.stdout.write(
            self.style.SUCCESS(f"seed_demo done in {time.monotonic() - total_started:.1f} s.")
        )
        if users:
            self.stdout.write("")
            self.stdout.write("Demo users (log in at /aanmelden/):")
            self.stdout.write(f"  {'username':<18}{'password':<24}{'role':<34}scope")
            for user_spec, _user, scope in users:
                role = group_name(user_spec.role)
                if user_spec.is_staff:
                    role += " (+ admin)"
                self.stdout.write(
                    f"  {user_spec.username:<18}{user_spec.password:<24}{role:<34}{scope or 'all'}"
                )

    def build_cases(self, scale, seed):
        """Signals, cases and advice on the demo registry, unless some already exist."""
        if not cases_demo.cases_are_empty():
            self.stdout.write(
                "The case records already hold data: left as they are. Use --reset to rebuild them."
            )
            return
        started = time.monotonic()
        summary = cases_demo.build_cases(scale=scale, seed=seed)
        closed_tracks, fines = sanctions_demo.build_history()
        tracks = sanctions_demo.build_tracks()
        self.stdout.write(
            self.style.SUCCESS(f"Demo cases built in {time.monotonic() - started:.1f} s.")
        )
        for line in summary.lines():
            self.stdout.write(f"  {line}")
        self.stdout.write(
            f"  Enforcement tracks: {closed_tracks} closed ({fines} with an approved fine), "
            f"{tracks} opened on the cases in enforcement"
        )

    def build_obligations(self, scale, seed):
        """Obligations records on the demo desks, unless some already exist."""
        if not obligations_demo.obligations_are_empty():
            self.stdout.write(
                "The obligations records already hold data: left as they are. "
                "Use --reset to rebuild them."
            )
            return
        started = time.monotonic()
        summary = obligations_demo.build_obligations(scale=scale, seed=seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo obligations built in {time.monotonic() - started:.1f} s "
                "(with compliance of this year and last year)."
            )
        )
        for line in summary.lines():
            self.stdout.write(f"  {line}")
