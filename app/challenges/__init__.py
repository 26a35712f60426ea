"""Time-boxed challenges that citizens join: bonus credit, rankings and a collective target."""
