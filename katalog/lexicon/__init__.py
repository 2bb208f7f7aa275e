"""Korean traffic vocabulary shared by retrieval and fact extraction."""
