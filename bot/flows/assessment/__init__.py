"""/assessment: the cohesion-maker self-assessment, one statement per screen."""
