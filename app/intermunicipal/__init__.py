"""Inter-municipal challenges: the platform sets one up, municipalities opt in, a fair board."""
