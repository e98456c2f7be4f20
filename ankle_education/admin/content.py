"""Admin for the clinical content: editing, review and publishing."""
