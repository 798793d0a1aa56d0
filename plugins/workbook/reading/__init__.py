"""Reading exercise files and workshop plans: YAML to the model, every problem with its file, line and field."""
