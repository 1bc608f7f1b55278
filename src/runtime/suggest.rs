//! "Did you mean" suggestions, as `Python/suggestions.c` (3.10/3.11) and
//! `Lib/traceback.py` `_compute_suggestion_error` (3.12+) compute them.

const MAX_CANDIDATE_ITEMS: usize = 750;
const MAX_STRING_SIZE: usize = 40;
const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;

fn substitution_cost<T: Copy + Eq + Lower>(a: T, b: T) -> usize {
    if a == b {
        0
    } else if a.lower() == b.lower() {
        CASE_COST
    } else {
        MOVE_COST
    }
}

/// ASCII lowercase of a byte or a char.
trait Lower {
    fn lower(self) -> Self;
}
impl Lower for u8 {
    fn lower(self) -> u8 {
        self.to_ascii_lowercase()
    }
}
impl Lower for char {
    fn lower(self) -> char {
        self.to_ascii_lowercase()
    }
}

/// Levenshtein distance with insert/delete/substitute costing 2 and a case-only change 1,
/// after trimming the common prefix and suffix; `None` once the distance exceeds `max`.
/// (ASCII names, nearly all of them, are compared as bytes, without allocating.)
pub fn levenshtein(a: &str, b: &str, max: usize) -> Option<usize> {
    if a == b {
        return Some(0);
    }
    if a.is_ascii() && b.is_ascii() {
        return distance(a.as_bytes(), b.as_bytes(), max);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    distance(&a, &b, max)
}

fn distance<T: Copy + Eq + Lower>(a: &[T], b: &[T], max: usize) -> Option<usize> {
    let mut pre = 0;
    while pre < a.len() && pre < b.len() && a[pre] == b[pre] {
        pre += 1;
    }
    let (mut ea, mut eb) = (a.len(), b.len());
    while ea > pre && eb > pre && a[ea - 1] == b[eb - 1] {
        ea -= 1;
        eb -= 1;
    }
    let (mut a, mut b) = (&a[pre..ea], &b[pre..eb]);
    if a.is_empty() || b.is_empty() {
        let d = (a.len() + b.len()) * MOVE_COST;
        return if d > max { None } else { Some(d) };
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return None;
    }
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    if (b.len() - a.len()) * MOVE_COST > max {
        return None;
    }
    let mut buffer = [0usize; MAX_STRING_SIZE];
    for (i, x) in buffer.iter_mut().take(a.len()).enumerate() {
        *x = (i + 1) * MOVE_COST;
    }
    let mut result = 0;
    for (bi, &bc) in b.iter().enumerate() {
        let mut distance = bi * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (ai, &ac) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(bc, ac);
            distance = buffer[ai];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            buffer[ai] = result;
            minimum = minimum.min(result);
        }
        if minimum > max {
            return None;
        }
    }
    if result > max { None } else { Some(result) }
}

/// The best candidate for a misspelt `name`, if any.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let cands: Vec<&str> = candidates.into_iter().collect();
    if cands.len() >= MAX_CANDIDATE_ITEMS || name.chars().count() > MAX_STRING_SIZE {
        return None;
    }
    let mut best: Option<&str> = None;
    let mut best_distance = usize::MAX;
    for c in cands {
        if c == name {
            continue;
        }
        let max = (name.chars().count() + c.chars().count() + 3) * MOVE_COST / 6;
        let max = max.min(best_distance.saturating_sub(1));
        if let Some(d) = levenshtein(name, c, max) {
            if d < best_distance {
                best_distance = d;
                best = Some(c);
            }
        }
    }
    best.map(|s| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_like_cpython() {
        let math = ["acos", "asin", "cos", "sin", "sqrt", "pi", "floor"];
        assert_eq!(suggest("co", math).as_deref(), Some("cos"));
        assert_eq!(suggest("sqrtt", math).as_deref(), Some("sqrt"));
        assert_eq!(suggest("cso", math), None);
        // The candidate equal to the name is skipped: after `del math.cos`, 'acos'.
        assert_eq!(suggest("cos", ["acos", "cos"]).as_deref(), Some("acos"));
    }
}
