"""What the pages show: directives and roles by subject, their nodes for every builder, and which page shows what.

Pages read the data's records, and may ask an export for the address of a file it publishes.
"""
