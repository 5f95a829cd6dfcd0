"""The reference for bench/startup.py: a bare Textual app with a Header, a Static and a Footer."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class BareApp(App[None]):
    """Nothing but the three widgets every Textual app starts from."""

    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("bare Textual app")
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
