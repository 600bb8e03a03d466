//! Whether a network with lower and upper bounds on its edges carries a
//! circulation (flow kept at every node). The suppression rule asks it
//! whether a hidden figure could take a given value: a table's cells, row
//! totals, column totals and grand total are the edges of
//! source → row → column → sink → source, so "the published figures are
//! consistent with this value" is exactly "a circulation exists". Bounds are
//! integers, so a real circulation means an integer one (flows are
//! integral), and the answer is exact for whole numbers of people.

/// A bound meaning "no upper limit" (far above any count of people).
pub const UNBOUNDED: u64 = 1 << 40;

#[derive(Debug, Clone)]
pub struct Network {
    nodes: usize,
    /// (from, to, lower, upper)
    edges: Vec<(usize, usize, u64, u64)>,
}

impl Network {
    pub fn new(nodes: usize) -> Network {
        Network { nodes, edges: Vec::new() }
    }

    /// Adds an edge and returns its index.
    pub fn edge(&mut self, from: usize, to: usize, lower: u64, upper: u64) -> usize {
        self.edges.push((from, to, lower, upper));
        self.edges.len() - 1
    }

    /// Narrows edge `i` to exactly `value` (in a copy).
    pub fn with_fixed(&self, i: usize, value: u64) -> Network {
        let mut n = self.clone();
        n.edges[i].2 = value;
        n.edges[i].3 = value;
        n
    }

    /// Whether every node's inflow can equal its outflow within the bounds.
    pub fn has_circulation(&self) -> bool {
        if self.edges.iter().any(|e| e.2 > e.3) {
            return false;
        }
        // Lower bounds become demands: a super source feeds what each node
        // must receive, a super sink takes what each must send; feasible iff
        // the max flow saturates the demands.
        let (s, t) = (self.nodes, self.nodes + 1);
        let mut g = Residual::new(self.nodes + 2);
        let mut excess = vec![0i128; self.nodes];
        for &(u, v, lo, hi) in &self.edges {
            g.add(u, v, hi - lo);
            excess[v] += i128::from(lo);
            excess[u] -= i128::from(lo);
        }
        let mut need = 0u64;
        for (v, e) in excess.iter().enumerate() {
            if *e > 0 {
                g.add(s, v, *e as u64);
                need += *e as u64;
            } else if *e < 0 {
                g.add(v, t, (-*e) as u64);
            }
        }
        g.max_flow(s, t) == need
    }
}

/// Dinic's max flow over an adjacency list of residual edges.
struct Residual {
    adj: Vec<Vec<usize>>,
    to: Vec<usize>,
    cap: Vec<u64>,
}

impl Residual {
    fn new(n: usize) -> Residual {
        Residual { adj: vec![Vec::new(); n], to: Vec::new(), cap: Vec::new() }
    }

    fn add(&mut self, u: usize, v: usize, c: u64) {
        self.adj[u].push(self.to.len());
        self.to.push(v);
        self.cap.push(c);
        self.adj[v].push(self.to.len());
        self.to.push(u);
        self.cap.push(0);
    }

    fn max_flow(&mut self, s: usize, t: usize) -> u64 {
        let n = self.adj.len();
        let mut total = 0u64;
        loop {
            let mut level = vec![usize::MAX; n];
            level[s] = 0;
            let mut queue = std::collections::VecDeque::from([s]);
            while let Some(u) = queue.pop_front() {
                for &e in &self.adj[u] {
                    if self.cap[e] > 0 && level[self.to[e]] == usize::MAX {
                        level[self.to[e]] = level[u] + 1;
                        queue.push_back(self.to[e]);
                    }
                }
            }
            if level[t] == usize::MAX {
                return total;
            }
            let mut next = vec![0usize; n];
            loop {
                let f = self.push(s, t, u64::MAX, &level, &mut next);
                if f == 0 {
                    break;
                }
                total += f;
            }
        }
    }

    fn push(&mut self, u: usize, t: usize, limit: u64, level: &[usize], next: &mut [usize]) -> u64 {
        if u == t {
            return limit;
        }
        while next[u] < self.adj[u].len() {
            let e = self.adj[u][next[u]];
            let v = self.to[e];
            if self.cap[e] > 0 && level[v] == level[u] + 1 {
                let f = self.push(v, t, limit.min(self.cap[e]), level, next);
                if f > 0 {
                    self.cap[e] -= f;
                    self.cap[e ^ 1] += f;
                    return f;
                }
            }
            next[u] += 1;
        }
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_with_bounds() {
        // 0 → 1 → 2 → 0, each edge within [2, 5], [3, 4], [0, 3]
        let mut n = Network::new(3);
        n.edge(0, 1, 2, 5);
        n.edge(1, 2, 3, 4);
        let back = n.edge(2, 0, 0, 3);
        assert!(n.has_circulation(), "3 around the cycle");
        assert!(!n.with_fixed(back, 2).has_circulation(), "the middle edge needs at least 3");
        assert!(n.with_fixed(back, 3).has_circulation());
    }

    #[test]
    fn parallel_paths_share_the_return() {
        // two paths from 0 to 1, a return edge fixed to 7
        let mut n = Network::new(2);
        let a = n.edge(0, 1, 1, 4);
        n.edge(0, 1, 5, UNBOUNDED);
        n.edge(1, 0, 7, 7);
        assert!(n.with_fixed(a, 1).has_circulation());
        assert!(n.with_fixed(a, 2).has_circulation());
        assert!(!n.with_fixed(a, 3).has_circulation(), "the other path needs at least 5");
    }
}
