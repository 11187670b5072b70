"""One module per `iomcrawl` subcommand: each registers its arguments (``register``) and runs them."""
