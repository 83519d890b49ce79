"""What proposals and decisions add to a project."""

from projects.parts import ProjectPart, register


@register
class DecisionsPart(ProjectPart):
    position = 70
