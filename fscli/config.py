"""Settings: option, then environment, then the TOML file in the user config folder, then default.

Each value remembers where it came from, so `fscli config show` can say why it is what it is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from fscli.errors import ExitCode, FscliError, InvalidInput

APP = "fscli"


class ConfigError(FscliError):
    exit_code = ExitCode.FAILED


def _dirs():
    import platformdirs

    return platformdirs


def config_dir() -> Path:
    return Path(_dirs().user_config_dir(APP))


def data_dir() -> Path:
    return Path(_dirs().user_data_dir(APP))


DEMO_DB = "demo.db"  # the demo's own caseload, beside the default one (fscli.db) in the data folder
DEFAULT_CASELOAD = "the default caseload"  # how a message names the database when nothing named it


def demo_db() -> Path:
    return data_dir() / DEMO_DB


def pointing_at(path: Path) -> str:
    """The shell line that points every command of this terminal at `path`, quoted for the shell
    (a macOS data folder has a space in it)."""
    import shlex

    return f"export FSCLI_DB={shlex.quote(str(path))}"


def state_dir() -> Path:
    return Path(_dirs().user_state_dir(APP))


def cache_dir() -> Path:
    return Path(_dirs().user_cache_dir(APP))


@dataclass
class Setting:
    value: object
    source: str


@dataclass
class Settings:
    values: dict[str, Setting] = field(default_factory=dict)
    config_file: Path | None = None
    tables: dict[str, dict] = field(default_factory=dict)  # [timescales], [bank_holidays] of the config file
    acting: object = None  # on a team server, who the login is decides the worker (cli/context.py)

    def get(self, key: str):
        setting = self.values.get(key)
        return setting.value if setting else None

    @property
    def db(self) -> str:
        return str(self.get("db"))

    @property
    def db_named(self) -> str:
        """Where the caseload was given, as a message names it: --db, FSCLI_DB, the config file."""
        source = self.values["db"].source if "db" in self.values else "option"
        if source == "option":
            return "--db"
        if source.startswith("environment "):
            return source.removeprefix("environment ")
        return "db (config file)" if source.startswith("config file") else DEFAULT_CASELOAD

    @property
    def worker(self) -> str | None:
        configured = self.get("worker")
        return configured if self.acting is None else self.acting(configured)  # type: ignore[operator,return-value]

    @property
    def busy_timeout_ms(self) -> int:
        return int(self.get("busy_timeout_ms"))  # type: ignore[arg-type]

    @property
    def goal_areas(self) -> list[str]:
        return list(self.get("goal_areas"))  # type: ignore[arg-type]

    @property
    def allow_network_fs(self) -> bool:
        return bool(self.get("allow_network_fs"))

    @property
    def access_log(self) -> bool:
        """Whether views of a case's records are logged on a SQLite file (off unless set; always on PostgreSQL)."""
        return bool(self.get("access_log"))

    @property
    def key_file(self) -> Path | None:
        value = self.get("key_file")
        return Path(str(value)).expanduser().absolute() if value else None


KNOWN = {
    "db": ("FSCLI_DB", "the database: a file path or a SQLAlchemy URL (postgresql+psycopg://...)"),
    "worker": ("FSCLI_WORKER", "your name as a worker: the default for --worker and --mine"),
    "busy_timeout_ms": ("FSCLI_BUSY_TIMEOUT_MS", "how long a command waits for another one writing, in milliseconds"),
    "allow_network_fs": ("FSCLI_ALLOW_NETWORK_FS", "allow a SQLite database on a network drive (unsafe: WAL locking fails there)"),
    "goal_areas": ("FSCLI_GOAL_AREAS", "the areas goals are grouped in (default Happy, Healthy, Safe); comma-separated in the environment"),
    "profile": ("FSCLI_PROFILE", "a practice profile file overriding the statutory timescales"),
    "key_file": ("FSCLI_KEY_FILE", "a private file (0600) whose first line is an encrypted caseload's passphrase, for a nightly job"),
    "team_role": ("FSCLI_TEAM_ROLE", "on a team's PostgreSQL server: the everyday role every worker's login is a member of"),
    "oversight_role": ("FSCLI_OVERSIGHT_ROLE", "on a team's PostgreSQL server: the role that sees every case, restricted ones too (data protection officer, head of service)"),
    "access_log": ("FSCLI_ACCESS_LOG", "log each view of a case's records on a SQLite file ('fscli audit REF --views'); PostgreSQL always logs them"),
}
# Tables of the practice profile: allowed in the config file and in the team's profile file.
TABLES = {
    "timescales": "rule = interval: overrides a timescale of 'fscli profile show'",
    "owners": "rule = role: whose duty a timescale is on a case with several workers (see 'fscli profile show')",
    "bank_holidays": "add = [dates], remove = [dates]: a bank holiday announced after this release, or one cancelled",
    "retention": "rule = period: how long a closed case's record is kept before review (see 'fscli retention --help')",
    "contact": "how a family reaches the team, printed on their plan on a page: name, phone, email, hours, out_of_hours",
}
# access_log: off on a worker's own SQLite file (the README says why), always on on PostgreSQL.
DEFAULTS = {"busy_timeout_ms": 5000, "allow_network_fs": False, "access_log": False, "goal_areas": ["Happy", "Healthy", "Safe"], "team_role": "fscli_team", "oversight_role": "fscli_oversight"}


def read_toml(path: Path, *, allowed: set[str], missing_ok: bool) -> dict:
    # tomllib is imported only when there is a file to read: most workers have none, and importing it
    # cost every command ~2.5 ms of its start-up (python -X importtime; benchmarks/startup.py).
    try:
        with path.open("rb") as handle:
            import tomllib

            data = tomllib.load(handle)
    except FileNotFoundError:
        if missing_ok:
            return {}
        raise ConfigError(f"file {path}: not found", hint="check the path of the profile setting (FSCLI_PROFILE)") from None
    except OSError as error:
        raise ConfigError(f"file {path}: cannot be read ({error.strerror})") from None
    except ValueError as error:  # tomllib.TOMLDecodeError, imported above only when a file was there
        raise ConfigError(f"file {path}: {error}", hint="fix the file or remove it") from None
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ConfigError(f"file {path}: unknown setting {unknown[0]!r}", hint=f"known settings: {', '.join(sorted(allowed))}")
    for name in TABLES:
        if name in data and not isinstance(data[name], dict):
            raise ConfigError(f"file {path}: {name} must be a table", hint=f"write it as [{name}] on its own line, then its entries")
    return data


def _coerce(key: str, value: object, source: str) -> object:
    if key == "busy_timeout_ms":
        try:
            number = int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise InvalidInput(key, value, f"(from {source}) must be a whole number of milliseconds") from None
        if not 0 <= number <= 600_000:
            raise InvalidInput(key, value, f"(from {source}) must be between 0 and 600000")
        return number
    if key == "allow_network_fs":
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in ("1", "true", "yes", "on")
    if key == "access_log":
        if isinstance(value, bool):
            return value
        said = str(value).strip().lower()
        if said not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
            raise InvalidInput(key, value, f"(from {source}) must be true or false")
        return said in ("1", "true", "yes", "on")
    if key == "goal_areas":
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            raise InvalidInput(key, value, f"(from {source}) must be a list of area names", hint='e.g. goal_areas = ["Happy", "Healthy", "Safe"]')
        return [i.strip() for i in items]
    if key == "worker":
        text = str(value).strip()
        return text or None
    return value


def load_settings(options: dict[str, object] | None = None, environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    options = {k: v for k, v in (options or {}).items() if v is not None}
    path = Path(env["FSCLI_CONFIG"]) if env.get("FSCLI_CONFIG") else config_dir() / "config.toml"
    from_file = read_toml(path, allowed=set(KNOWN) | set(TABLES), missing_ok=True)
    settings = Settings(config_file=path, tables={k: from_file[k] for k in TABLES if k in from_file})
    for key, (env_name, _) in KNOWN.items():
        if key in options:
            raw, source = options[key], "option"
        elif env.get(env_name):
            raw, source = env[env_name], f"environment {env_name}"
        elif key in from_file:
            raw, source = from_file[key], f"config file {path}"
        elif key == "db":
            raw, source = str(data_dir() / "fscli.db"), "default"
        elif key in DEFAULTS:
            raw, source = DEFAULTS[key], "default"
        else:
            raw, source = None, "not set"
        settings.values[key] = Setting(_coerce(key, raw, source) if raw is not None else None, source)
    return settings
