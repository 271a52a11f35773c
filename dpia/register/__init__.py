"""The verwerkingsregister (AVG art. 30): versioned processing activities per gemeente, linked to the real schema."""
