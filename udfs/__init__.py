"""Excel-facing adapters: xlwings functions and scripts that convert Excel values to domain types and back."""
