//! A selectable list that scrolls: the selection and the first line shown.

#[derive(Default)]
pub struct ListUi {
    pub selected: usize,
    pub offset: usize,
}

impl ListUi {
    /// Moves the selection by `delta` within `len` rows and keeps it in a window of `height`.
    pub fn move_by(&mut self, delta: isize, len: usize, height: usize) {
        let last = len.saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last.max(0)) as usize;
        self.reveal(len, height);
    }

    pub fn reveal(&mut self, len: usize, height: usize) {
        let height = height.max(1);
        self.selected = self.selected.min(len.saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }
}
