"""Web push: a citizen's devices (push subscriptions) and sending a short notice to them."""
