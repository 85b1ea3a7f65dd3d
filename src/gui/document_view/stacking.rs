use crate::annotations::Entity;

/// Underline levels for entities that share a paragraph: inner (shorter)
/// entities sit closest to the text, and overlapping ones never share a level.
pub fn stack_levels(entities: &[&Entity]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..entities.len()).collect();
    order.sort_by_key(|&i| (entities[i].end - entities[i].start, entities[i].start));
    let mut levels = vec![0; entities.len()];
    let mut placed: Vec<Vec<(usize, usize)>> = Vec::new();
    for i in order {
        let entity = entities[i];
        let level = placed
            .iter()
            .position(|spans| spans.iter().all(|&(s, e)| !entity.overlaps(s, e)))
            .unwrap_or(placed.len());
        if level == placed.len() {
            placed.push(Vec::new());
        }
        placed[level].push((entity.start, entity.end));
        levels[i] = level;
    }
    levels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_entities_get_distinct_levels_inner_first() {
        let outer = Entity::new("e1", "EVENT", 0, 30);
        let inner = Entity::new("e2", "ORG", 0, 2);
        let apart = Entity::new("e3", "PERSON", 40, 50);
        assert_eq!(stack_levels(&[&outer, &inner, &apart]), [1, 0, 0]);
    }
}
