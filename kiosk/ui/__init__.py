"""Qt Widgets shell: each widget is handed its model and only displays and forwards."""
