"""The audit summary report (R-16 to R-18): facts from the log, charts, HTML and Markdown, comparison."""
