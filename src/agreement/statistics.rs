//! Chance-corrected agreement coefficients over categorical ratings.
//!
//! Categories are small integers. Where a coefficient is undefined (no
//! units, or every rating in one category, so chance agreement is 1) the
//! result is `None`, never NaN. The formulas are those of scikit-learn's
//! `cohen_kappa_score`, statsmodels' `fleiss_kappa` and the `krippendorff`
//! package (nominal level), and the tests check against their values.

use std::collections::HashMap;

/// Cohen's kappa of two raters over the same units: `a[i]` and `b[i]` rate
/// unit `i`. `None` for no units or when the ratings leave chance agreement
/// at 1 (e.g. both raters always chose the same single category).
pub fn cohen_kappa(a: &[usize], b: &[usize]) -> Option<f64> {
    let units = a.len().min(b.len());
    if units == 0 {
        return None;
    }
    let mut a_counts: HashMap<usize, usize> = HashMap::new();
    let mut b_counts: HashMap<usize, usize> = HashMap::new();
    let mut agreed = 0usize;
    for (&x, &y) in a.iter().zip(b) {
        *a_counts.entry(x).or_default() += 1;
        *b_counts.entry(y).or_default() += 1;
        agreed += usize::from(x == y);
    }
    let n = units as f64;
    let observed = agreed as f64 / n;
    let expected: f64 = a_counts
        .iter()
        .map(|(category, &count)| count as f64 * b_counts.get(category).copied().unwrap_or(0) as f64)
        .sum::<f64>()
        / (n * n);
    chance_corrected(observed, expected)
}

/// Fleiss' kappa: every unit rated by the same number (at least two) of
/// raters; `units[i]` holds the ratings of unit `i`. `None` when there are no
/// units, fewer than two ratings per unit, unequal numbers of ratings, or
/// chance agreement is 1.
pub fn fleiss_kappa(units: &[Vec<usize>]) -> Option<f64> {
    let raters = units.first()?.len();
    if raters < 2 || units.iter().any(|u| u.len() != raters) {
        return None;
    }
    let mut totals: HashMap<usize, usize> = HashMap::new();
    let mut agreement_sum = 0.0;
    for unit in units {
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for &category in unit {
            *counts.entry(category).or_default() += 1;
            *totals.entry(category).or_default() += 1;
        }
        let same_pairs: usize = counts.values().map(|&c| c * c).sum::<usize>() - raters;
        agreement_sum += same_pairs as f64 / (raters * (raters - 1)) as f64;
    }
    let ratings = (units.len() * raters) as f64;
    let observed = agreement_sum / units.len() as f64;
    let expected: f64 = totals.values().map(|&c| (c as f64 / ratings).powi(2)).sum();
    chance_corrected(observed, expected)
}

/// Krippendorff's alpha at the nominal level. `units[i]` holds the ratings
/// that unit `i` received: raters who did not rate it are simply absent, so
/// units may hold different numbers of ratings. Units with fewer than two
/// ratings cannot be paired and do not count. `None` when fewer than two
/// pairable ratings remain or all of them fall in one category.
pub fn krippendorff_alpha_nominal(units: &[Vec<usize>]) -> Option<f64> {
    // Coincidences: within a unit rated m times, each ordered pair of
    // ratings by different raters weighs 1 / (m - 1).
    let mut same = 0.0;
    let mut per_category: HashMap<usize, f64> = HashMap::new();
    for unit in units.iter().filter(|u| u.len() >= 2) {
        let weight = 1.0 / (unit.len() - 1) as f64;
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for &category in unit {
            *counts.entry(category).or_default() += 1;
        }
        for (&category, &count) in &counts {
            same += weight * (count * (count - 1)) as f64;
            *per_category.entry(category).or_default() += weight * (count * (unit.len() - 1)) as f64;
        }
    }
    let total: f64 = per_category.values().sum();
    if total < 2.0 {
        return None;
    }
    let expected_same: f64 = per_category.values().map(|n| n * (n - 1.0)).sum();
    let observed_disagreement = total - same;
    let expected_disagreement = (total * (total - 1.0) - expected_same) / (total - 1.0);
    if expected_disagreement <= 0.0 {
        return None;
    }
    Some(1.0 - observed_disagreement / expected_disagreement)
}

fn chance_corrected(observed: f64, expected: f64) -> Option<f64> {
    let room = 1.0 - expected;
    // Chance agreement of 1 (up to rounding) leaves nothing to correct.
    (room.abs() > 1e-12).then(|| (observed - expected) / room)
}

#[cfg(test)]
mod tests {
    //! Expected values come from the reference implementations, computed with
    //! scikit-learn 1.9.1, krippendorff 0.9.0 and statsmodels 0.15.0:
    //!
    //! ```python
    //! from sklearn.metrics import cohen_kappa_score
    //! import krippendorff, numpy as np
    //! from statsmodels.stats.inter_rater import fleiss_kappa, aggregate_raters
    //! cohen_kappa_score(COHEN_A.split(), COHEN_B.split())          # 0.6389891696750902
    //! cohen_kappa_score(["O"] * 5, ["O"] * 5)                      # nan
    //! data = np.array([[idx[x] for x in r.split()] for r in (R1, R2, R3)]).T   # units x raters
    //! fleiss_kappa(aggregate_raters(data)[0], method="fleiss")      # 0.5881006864988558
    //! krippendorff.alpha(reliability_data=data.T.astype(float), level_of_measurement="nominal")  # 0.5995423340961099
    //! rel = [[np.nan if x == "None" else idx[x] for x in r.split()] for r in (M1, M2, M3)]
    //! krippendorff.alpha(reliability_data=np.array(rel, dtype=float), level_of_measurement="nominal")  # 0.6892430278884463
    //! krippendorff.alpha(reliability_data=np.zeros((2, 4)), level_of_measurement="nominal")  # ValueError
    //! ```
    //! (`idx` numbers the labels in alphabetical order; the numbering does not
    //! change any coefficient.)
    use super::*;

    const COHEN_A: &str = "O PERSON PERSON O ORG O COUNTRY O O DATE DATE O PERSON O ORG ORG O O COUNTRY O";
    const COHEN_B: &str = "O PERSON O O ORG O LOCATION O O DATE DATE DATE PERSON O ORG O O PERSON COUNTRY O";
    const R1: &str = "O PER PER O ORG O LOC LOC O DATE O PER";
    const R2: &str = "O PER O O ORG O LOC O O DATE O PER";
    const R3: &str = "O PER PER O LOC O LOC LOC O O O ORG";
    const M1: &str = "O PER PER O ORG O LOC None None DATE O";
    const M2: &str = "O PER O None ORG O LOC LOC O DATE None";
    const M3: &str = "None PER PER O LOC O None LOC O O O";

    /// Numbers labels in order of first appearance; `None` stays missing.
    struct Numbering(Vec<String>);

    impl Numbering {
        fn of(&mut self, label: &str) -> Option<usize> {
            if label == "None" {
                return None;
            }
            Some(self.0.iter().position(|l| l == label).unwrap_or_else(|| {
                self.0.push(label.to_owned());
                self.0.len() - 1
            }))
        }

        fn row(&mut self, labels: &str) -> Vec<Option<usize>> {
            labels.split(' ').map(|l| self.of(l)).collect()
        }
    }

    /// Units (columns) of the raters' rows, missing ratings left out.
    fn units(rows: &[Vec<Option<usize>>]) -> Vec<Vec<usize>> {
        (0..rows[0].len())
            .map(|u| rows.iter().filter_map(|row| row[u]).collect())
            .collect()
    }

    fn close(actual: Option<f64>, expected: f64) {
        let actual = actual.expect("a value");
        assert!((actual - expected).abs() < 1e-12, "{actual} != {expected}");
    }

    #[test]
    fn cohen_kappa_equals_scikit_learn() {
        let mut numbering = Numbering(Vec::new());
        let a: Vec<usize> = numbering.row(COHEN_A).into_iter().flatten().collect();
        let b: Vec<usize> = numbering.row(COHEN_B).into_iter().flatten().collect();
        close(cohen_kappa(&a, &b), 0.6389891696750902);
        close(cohen_kappa(&b, &a), 0.6389891696750902);
    }

    #[test]
    fn identical_ratings_give_one_and_a_single_category_gives_none() {
        assert_eq!(cohen_kappa(&[0, 1, 1, 2], &[0, 1, 1, 2]), Some(1.0));
        assert_eq!(cohen_kappa(&[0; 5], &[0; 5]), None, "scikit-learn: nan");
        assert_eq!(cohen_kappa(&[], &[]), None);
        assert_eq!(fleiss_kappa(&[vec![0, 0], vec![0, 0]]), None);
        assert_eq!(
            krippendorff_alpha_nominal(&[vec![0, 0], vec![0, 0]]),
            None,
            "krippendorff: ValueError"
        );
        assert_eq!(
            krippendorff_alpha_nominal(&[vec![0, 1, 1], vec![2, 2, 2]]).map(|a| a < 1.0),
            Some(true)
        );
        assert_eq!(krippendorff_alpha_nominal(&[vec![0, 0, 0], vec![2, 2, 2]]), Some(1.0));
    }

    #[test]
    fn fleiss_kappa_and_alpha_over_three_raters_equal_statsmodels_and_krippendorff() {
        let mut numbering = Numbering(Vec::new());
        let rows = [numbering.row(R1), numbering.row(R2), numbering.row(R3)];
        let units = units(&rows);
        close(fleiss_kappa(&units), 0.5881006864988558);
        close(krippendorff_alpha_nominal(&units), 0.5995423340961099);
    }

    #[test]
    fn alpha_with_missing_ratings_equals_krippendorff() {
        let mut numbering = Numbering(Vec::new());
        let rows = [numbering.row(M1), numbering.row(M2), numbering.row(M3)];
        close(krippendorff_alpha_nominal(&units(&rows)), 0.6892430278884463);
    }

    #[test]
    fn fleiss_needs_the_same_number_of_raters_on_every_unit() {
        assert_eq!(fleiss_kappa(&[vec![0, 1], vec![0, 1, 1]]), None);
        assert_eq!(fleiss_kappa(&[vec![0], vec![1]]), None);
    }
}
