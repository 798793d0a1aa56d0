"""The Markdown extension, the core every host runs: the blocks, their headers, and what they need from the host."""
