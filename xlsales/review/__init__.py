"""73-element project review (项目过堂): a catalogue as data, listeners' ratings, scores, ranking, next actions."""
