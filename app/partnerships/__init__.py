"""Climate partnerships in KL's catalogue form: partners, goals with KPIs and their check-ins."""
