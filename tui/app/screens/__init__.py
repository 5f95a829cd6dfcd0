"""The screens of the tutor: home, lesson, help and the too-small notice."""
