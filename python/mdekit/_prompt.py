"""How mdekit shows a device code sign-in to the user when no ``prompt_callback`` is given."""

from __future__ import annotations

import html
import sys
from typing import Any


def _in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    get_ipython = getattr(shell, "get_ipython", None)
    ip = get_ipython() if callable(get_ipython) else None
    return ip is not None and type(ip).__name__ == "ZMQInteractiveShell"


def show_device_code(info: dict[str, Any]) -> None:
    """Prints the service's sign-in message; in a Jupyter notebook, shows a link and the code.

    Args:
        info: ``user_code``, ``verification_uri``, ``message``, ``expires_in`` (seconds) and
            ``interval`` (seconds), as the device code endpoint sent them.
    """
    if _in_notebook():
        from IPython.display import HTML, display  # type: ignore[import-not-found]

        uri = html.escape(str(info["verification_uri"]), quote=True)
        code = html.escape(str(info["user_code"]))
        display(
            HTML(
                f'<p>Sign in at <a href="{uri}" target="_blank">{uri}</a> with the code '
                f"<code style='font-size:1.3em'>{code}</code> "
                f"(valid for {int(info['expires_in']) // 60} minutes).</p>"
            )
        )
        return
    print(info["message"], flush=True)
