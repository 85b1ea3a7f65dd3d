/// Underline levels for spans `(start, end)` that share a paragraph: inner (shorter)
/// entities sit closest to the text, and overlapping ones never share a level.
pub fn levels_of(spans: impl Iterator<Item = (usize, usize)>) -> Vec<usize> {
    let spans: Vec<(usize, usize)> = spans.collect();
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (spans[i].1 - spans[i].0, spans[i].0));
    let mut levels = vec![0; spans.len()];
    let mut placed: Vec<Vec<(usize, usize)>> = Vec::new();
    for i in order {
        let (start, end) = spans[i];
        let overlaps = |s: usize, e: usize| start < e && s < end;
        let level = placed
            .iter()
            .position(|taken| taken.iter().all(|&(s, e)| !overlaps(s, e)))
            .unwrap_or(placed.len());
        if level == placed.len() {
            placed.push(Vec::new());
        }
        placed[level].push((start, end));
        levels[i] = level;
    }
    levels
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::Entity;

    fn stack_levels(entities: &[&Entity]) -> Vec<usize> {
        levels_of(entities.iter().map(|e| (e.start, e.end)))
    }

    #[test]
    fn nested_entities_get_distinct_levels_inner_first() {
        let outer = Entity::new("e1", "EVENT", 0, 30);
        let inner = Entity::new("e2", "ORG", 0, 2);
        let apart = Entity::new("e3", "PERSON", 40, 50);
        assert_eq!(stack_levels(&[&outer, &inner, &apart]), [1, 0, 0]);
    }
}
