// placeholder: the KQL lexer is being written.
