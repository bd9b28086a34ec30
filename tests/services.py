"""Finding the outside tools some tests need."""

import shutil
import subprocess


def compose_command() -> list[str]:
    """``docker compose`` (the plugin) where it answers, else Debian's ``docker-compose``;
    either validates a Compose file without a Docker engine. Empty when there is neither."""
    if shutil.which("docker"):
        done = subprocess.run(["docker", "compose", "version"], capture_output=True)
        if done.returncode == 0:
            return ["docker", "compose"]
    return ["docker-compose"] if shutil.which("docker-compose") else []
