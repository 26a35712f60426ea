"""The public shared-vision page: the municipality's effort against its climate goals."""
